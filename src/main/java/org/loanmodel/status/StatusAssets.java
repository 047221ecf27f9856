package org.loanmodel.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The files the status page loads from {@code /assets/}: its own script and style sheet from
 * {@code src/main/resources/status/}, and uPlot from its WebJar on the classpath. Read once at
 * start, so a missing file stops the service instead of a page without charts.
 */
public final class StatusAssets {
    /**
     * One file as served.
     *
     * @param contentType its media type
     * @param body its bytes
     */
    public record Asset(String contentType, byte[] body) {}

    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private StatusAssets() {}

    /** Every asset by the name it is served under. */
    public static Map<String, Asset> load() {
        ClassLoader loader = StatusAssets.class.getClassLoader();
        Map<String, Asset> assets = new LinkedHashMap<>();
        assets.put("guard.js", new Asset(JS, read(loader, "status/guard.js")));
        assets.put("status.js", new Asset(JS, read(loader, "status/status.js")));
        assets.put("status.css", new Asset(CSS, read(loader, "status/status.css")));
        String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion(loader) + "/dist/";
        assets.put("uplot.min.js", new Asset(JS, read(loader, uplot + "uPlot.iife.min.js")));
        assets.put("uplot.min.css", new Asset(CSS, read(loader, uplot + "uPlot.min.css")));
        return Map.copyOf(assets);
    }

    /** The WebJar's version, from its Maven metadata, so that upgrading it is a change to the pom alone. */
    private static String uplotVersion(ClassLoader loader) {
        Properties pom = new Properties();
        try (InputStream in = stream(loader, UPLOT_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + UPLOT_POM, e);
        }
        return pom.getProperty("version");
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = stream(loader, resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read status page asset " + resource, e);
        }
    }

    private static InputStream stream(ClassLoader loader, String resource) {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("status page asset " + resource
                    + " is not on the classpath (the uPlot WebJar org.webjars.npm:uplot and src/main/resources/status"
                    + " belong in the jar)");
        }
        return in;
    }
}
