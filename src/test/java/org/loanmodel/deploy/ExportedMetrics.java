package org.loanmodel.deploy;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.loanmodel.testing.RunningServer;

/** The names of the samples the real service exposes on {@code /metrics}. */
final class ExportedMetrics {
    /** Series Prometheus itself adds to every target; queries may use them too. */
    static final Set<String> PROMETHEUS_SYNTHETIC = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private ExportedMetrics() {}

    /** Starts the service with its log in {@code folder}, scrapes it once, stops it. */
    static Set<String> sampleNames(Path folder) {
        try (RunningServer server = RunningServer.start(folder)) {
            return server.scrape().samples().keySet().stream()
                    .map(sample -> sample.replaceFirst("\\{.*", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
