package org.loanmodel.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.Bins;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.model.ModelMetadata;
import org.loanmodel.model.Numbers;
import org.loanmodel.model.ReferenceProfile;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.NineFeatures;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;

/**
 * Data quality and the label-free confusion matrix over HTTP, on a model whose reference records
 * each feature's training range, with one sector code training never had and an optional feature:
 * values beyond the range, unseen codes and absent features are counted exactly, and precision and
 * recall estimated from the counters equal those computed from the answered probabilities.
 */
class InputQualityScenarioTest {
    /** The sector code the served model's reference says training never had. */
    private static final int UNSEEN_SECTOR = 4;

    @TempDir
    Path dir;

    /** The nine-feature model with sector 4's share of the training data moved to sector 3. */
    private static LoanModel modelWithAnUnseenSector() {
        LoanModel trained = NineFeatures.model();
        ModelMetadata metadata = trained.metadata();
        List<Bins> features = new ArrayList<>(metadata.reference().features());
        int sector = NineFeatures.SCHEMA.indexOf("sector");
        Bins bins = features.get(sector);
        List<Double> shares = new ArrayList<>(bins.proportions());
        shares.set(3, shares.get(3) + shares.get(UNSEEN_SECTOR));
        shares.set(UNSEEN_SECTOR, 0.0);
        features.set(sector, new Bins(bins.name(), bins.cuts(), shares, bins.min(), bins.max()));
        ReferenceProfile reference =
                new ReferenceProfile(features, metadata.reference().score());
        return ModelArtifact.seal(
                new ModelMetadata(
                        metadata.version(),
                        metadata.createdAt(),
                        metadata.algorithm(),
                        metadata.threshold(),
                        metadata.schema(),
                        reference,
                        metadata.provenance(),
                        metadata.holdout()),
                trained.forest());
    }

    /** A typical application inside every training range, with the given changes. */
    private static String application(Map<String, Double> changes) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("years_trading", 10.0);
        values.put("revenue", 900_000.0);
        values.put("requested", 50_000.0);
        values.put("debt_ratio", 0.5);
        values.put("employees", 12.0);
        values.put("late_payments", 1.0);
        values.put("sector", 2.0);
        values.put("collateral", 10_000.0);
        values.put("owner_score", 700.0);
        values.putAll(changes);
        StringBuilder json = new StringBuilder("{");
        values.forEach((name, value) -> {
            if (!Double.isNaN(value)) {
                json.append(json.length() > 1 ? ", " : "")
                        .append('"')
                        .append(name)
                        .append("\": ")
                        .append(Numbers.format(value));
            }
        });
        return json.append('}').toString();
    }

    @Test
    void valuesBeyondTheTrainingDataAreCountedExactlyAndTheEstimatedConfusionIsTheAnsweredProbabilities()
            throws IOException {
        LoanModel model = modelWithAnUnseenSector();
        Path file = dir.resolve("model.json");
        ModelArtifact.save(model, file);
        List<Bins> reference = model.metadata().reference().features();
        double revenueMax = reference.get(1).max();
        double scoreMin = reference.get(8).min();
        double yearsMin = reference.get(0).min();
        List<Map<String, Double>> requests = List.of(
                Map.of(),
                Map.of("revenue", revenueMax + 1),
                Map.of("revenue", revenueMax),
                Map.of("revenue", revenueMax * 2, "owner_score", scoreMin - 1),
                Map.of("owner_score", scoreMin - 1),
                Map.of("years_trading", yearsMin - 1),
                Map.of("sector", (double) UNSEEN_SECTOR),
                Map.of("sector", (double) UNSEEN_SECTOR, "collateral", Double.NaN),
                Map.of("collateral", Double.NaN),
                Map.of("owner_score", 500.0, "debt_ratio", 2.5));
        assertThat(yearsMin).isGreaterThan(0);

        double tp = 0;
        double fp = 0;
        double tn = 0;
        double fn = 0;
        Scrape scrape;
        ServeSettings settings =
                ServeSettings.ephemeral(dir.resolve("log.db").toString()).withModel(file);
        try (RunningServer server = RunningServer.start(settings, Clock.systemUTC())) {
            for (Map<String, Double> changes : requests) {
                JsonNode answer = Json.body(server.api().postJson("/predict", application(changes)));
                double p = answer.get("probability").asDouble();
                if (answer.get("approval_status").asInt() == 1) {
                    tp += p;
                    fp += 1 - p;
                } else {
                    tn += 1 - p;
                    fn += p;
                }
            }
            scrape = server.scrape();
        }

        assertThat(nonZero(scrape, "model_input_out_of_reference_total"))
                .isEqualTo(Map.of(
                        "feature=\"owner_score\",side=\"below\"", 2.0,
                        "feature=\"revenue\",side=\"above\"", 2.0,
                        "feature=\"years_trading\",side=\"below\"", 1.0));
        assertThat(nonZero(scrape, "model_input_unseen_code_total")).isEqualTo(Map.of("feature=\"sector\"", 2.0));
        assertThat(nonZero(scrape, "model_input_missing_total")).isEqualTo(Map.of("feature=\"collateral\"", 2.0));
        assertThat(tn + fn).as("some denials").isGreaterThan(0);
        assertThat(tp + fp).as("some approvals").isGreaterThan(0);
        String version = "model_version=\"" + model.version() + "\",";
        assertThat(nonZero(scrape, "model_expected_outcome_total"))
                .containsEntry(version + "outcome=\"tp\"", tp)
                .containsEntry(version + "outcome=\"fn\"", fn);
        double expectedTp = scrape.value("model_expected_outcome_total{" + version + "outcome=\"tp\"}");
        double expectedFp = scrape.value("model_expected_outcome_total{" + version + "outcome=\"fp\"}");
        double expectedFn = scrape.value("model_expected_outcome_total{" + version + "outcome=\"fn\"}");
        assertThat(expectedTp / (expectedTp + expectedFp))
                .as("estimated precision")
                .isEqualTo(tp / (tp + fp));
        assertThat(expectedTp / (expectedTp + expectedFn))
                .as("estimated recall")
                .isEqualTo(tp / (tp + fn));
        assertThat(scrape.value("model_expected_outcome_total{" + version + "outcome=\"tn\"}"))
                .isEqualTo(tn);
    }

    @Test
    void referenceWithoutRangesCountsNothingOutOfReference() throws IOException {
        LoanModel trained = NineFeatures.model();
        ModelMetadata metadata = trained.metadata();
        List<Bins> bare = metadata.reference().features().stream()
                .map(bins -> new Bins(bins.name(), bins.cuts(), bins.proportions()))
                .toList();
        LoanModel model = ModelArtifact.seal(
                new ModelMetadata(
                        metadata.version(),
                        metadata.createdAt(),
                        metadata.algorithm(),
                        metadata.threshold(),
                        metadata.schema(),
                        new ReferenceProfile(bare, metadata.reference().score()),
                        metadata.provenance(),
                        metadata.holdout()),
                trained.forest());
        Path file = dir.resolve("model.json");
        ModelArtifact.save(model, file);
        ServeSettings settings =
                ServeSettings.ephemeral(dir.resolve("log.db").toString()).withModel(file);
        try (RunningServer server = RunningServer.start(settings, Clock.systemUTC())) {
            server.api().postJson("/predict", application(Map.of("revenue", 49_000_000.0, "years_trading", 0.0)));

            Scrape scrape = server.scrape();
            assertThat(scrape.value("model_success_total")).isEqualTo(1);
            assertThat(nonZero(scrape, "model_input_out_of_reference_total")).isEmpty();
            // Still one series per numeric feature and side, so rates and dashboards see zeros.
            assertThat(scrape.samples().keySet().stream()
                            .filter(sample -> sample.startsWith("model_input_out_of_reference_total{")))
                    .hasSize(16);
        }
    }

    /** The non-zero samples of a counter, keyed by their labels. */
    private static Map<String, Double> nonZero(Scrape scrape, String metric) {
        Map<String, Double> samples = new TreeMap<>();
        scrape.samples().forEach((sample, value) -> {
            if (sample.startsWith(metric + "{") && value != 0) {
                samples.put(sample.substring(metric.length() + 1, sample.length() - 1), value);
            }
        });
        return samples;
    }
}
