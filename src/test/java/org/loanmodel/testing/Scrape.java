package org.loanmodel.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Prometheus text exposition: sample name with labels (as exposed, labels sorted by name)
 * to value, e.g. {@code model_feedback_total{model_version="abc",outcome="tp"}} to 3.0.
 */
public final class Scrape {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)");

    private final Map<String, Double> samples;

    private Scrape(Map<String, Double> samples) {
        this.samples = samples;
    }

    public static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher matcher = SAMPLE.matcher(line);
            if (matcher.find()) {
                samples.put(
                        matcher.group(1),
                        Double.parseDouble(
                                matcher.group(2).replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
            }
        }
        return new Scrape(samples);
    }

    /** The value of a sample, e.g. {@code value("model_requests_total")}; fails when absent. */
    public double value(String sample) {
        Double value = samples.get(sample);
        if (value == null) {
            throw new AssertionError("no sample " + sample + " in the scrape");
        }
        return value;
    }

    public boolean has(String sample) {
        return samples.containsKey(sample);
    }

    public Map<String, Double> samples() {
        return samples;
    }
}
