package org.loanmodel.monitoring;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.loanmodel.testing.Scrape;

/** Reads a registry as {@code /metrics} would show it, for tests without a server. */
final class Registries {
    private Registries() {}

    static Scrape scrape(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Scrape.parse(out.toString(StandardCharsets.UTF_8));
    }
}
