package org.loanmodel.deploy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.training.Trainer;
import org.loanmodel.training.TrainerSettings;
import org.loanmodel.training.TrainingProgress;

/** The names of the samples the real service exposes on {@code /metrics}. */
final class ExportedMetrics {
    /** Series Prometheus itself adds to every target; queries may use them too. */
    static final Set<String> PROMETHEUS_SYNTHETIC = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private ExportedMetrics() {}

    /**
     * Starts the service with its log in {@code folder} and a small challenger, sends one request (so
     * the families that appear with the first decision are there), scrapes once, stops it.
     */
    static Set<String> sampleNames(Path folder) {
        TrainerSettings small = TrainerSettings.builder()
                .rows(200)
                .generatorSeed(3)
                .trees(2)
                .maxDepth(3)
                .trainerSeed(3)
                .build();
        Path challenger = folder.resolve("challenger.json");
        try {
            ModelArtifact.save(
                    new Trainer(Clock.systemUTC())
                            .train(small, TrainingProgress.SILENT)
                            .model(),
                    challenger);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ServeSettings settings = ServeSettings.ephemeral(
                        folder.resolve("predictions.db").toString())
                .toBuilder()
                .challengerPaths(java.util.List.of(challenger))
                .build();
        try (RunningServer server = RunningServer.start(settings, Clock.systemUTC())) {
            server.api()
                    .postJson(
                            "/predict",
                            "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000, \"loan_term\": 36,"
                                    + " \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}");
            return server.scrape().samples().keySet().stream()
                    .map(sample -> sample.replaceFirst("\\{.*", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
