package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.InferenceClient;
import org.loanmodel.testing.InferenceClient.Row;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.MutableClock;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;
import org.loanmodel.training.LoanDataGenerator;
import org.loanmodel.training.Trainer;
import org.loanmodel.training.TrainerSettings;
import org.loanmodel.training.TrainingProgress;

/**
 * A batch of 256 rows on the inference protocol counts exactly what 256 single {@code /predict}
 * calls with the same rows count: two fresh servers on one fixed clock, one sent the batch, the
 * other the rows one by one, then every row's outcome sent to both; both scrapes must agree sample
 * for sample, apart from what measures time.
 */
class InferenceBatchMetricsTest {
    private static final int ROWS = 256;
    private static final Instant START = Instant.parse("2026-06-01T09:00:00Z");

    @TempDir
    static Path models;

    @TempDir
    Path dir;

    private static Path challengerFile;

    @BeforeAll
    static void trainChallenger() throws java.io.IOException {
        // Small and rough, so that it disagrees with the champion on some rows.
        LoanModel challenger = new Trainer(Clock.systemUTC())
                .train(
                        TrainerSettings.builder()
                                .rows(600)
                                .generatorSeed(9)
                                .labelNoise(0.1)
                                .trees(5)
                                .maxDepth(3)
                                .trainerSeed(9)
                                .build(),
                        TrainingProgress.SILENT)
                .model();
        challengerFile = models.resolve("challenger.json");
        ModelArtifact.save(challenger, challengerFile);
    }

    private static List<LoanApplication> applicants() {
        LoanDataGenerator generator = new LoanDataGenerator(21, 0);
        List<LoanApplication> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(generator.nextApplication());
        }
        return rows;
    }

    private RunningServer start(String name, MutableClock clock, boolean withChallenger) {
        ServeSettings settings =
                ServeSettings.ephemeral(dir.resolve(name + ".db").toString());
        if (withChallenger) {
            settings = settings.toBuilder()
                    .challengerPaths(List.of(challengerFile))
                    .modelDir(dir.resolve(name + "-models"))
                    .build();
        }
        return RunningServer.start(settings, clock);
    }

    @Test
    void batchOf256RowsCountsExactlyWhat256SinglePredictionsCount() {
        compareBatchWithSingles(false);
    }

    @Test
    void batchScoredByAChallengerCountsItsAgreementsAsSinglePredictionsDo() {
        compareBatchWithSingles(true);
    }

    private void compareBatchWithSingles(boolean withChallenger) {
        List<LoanApplication> rows = applicants();
        MutableClock batchClock = new MutableClock(START);
        MutableClock singleClock = new MutableClock(START);
        try (RunningServer batch = start("batch", batchClock, withChallenger);
                RunningServer singles = start("singles", singleClock, withChallenger)) {
            HttpResponse<String> answer =
                    new InferenceClient(batch.api(), "loan-model").infer(InferenceClient.matrixRequest(rows, "FP64"));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            List<String> batchIds =
                    InferenceClient.rows(answer).stream().map(Row::predictionId).toList();
            List<String> singleIds = new ArrayList<>();
            for (LoanApplication row : rows) {
                HttpResponse<String> single =
                        singles.api().postJson("/predict", org.loanmodel.client.LoanApiClient.applicationJson(row));
                assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
                singleIds.add(Json.body(single).get("prediction_id").asText());
            }
            Scrape afterBatch = batch.scrape();
            assertThat(comparable(afterBatch)).isEqualTo(comparable(singles.scrape()));
            long approved = InferenceClient.rows(answer).stream()
                    .filter(row -> row.approvalStatus() == 1)
                    .count();
            assertThat(afterBatch.value("model_requests_total")).isEqualTo(256.0);
            assertThat(afterBatch.value("model_success_total")).isEqualTo(256.0);
            assertThat(afterBatch.value("model_prediction_latency_seconds_count"))
                    .isEqualTo(256.0);
            assertThat(afterBatch.value("model_prediction_values_count")).isEqualTo(256.0);
            assertThat(afterBatch.value("model_predictions_by_class_total{class=\"1\"}"))
                    .isEqualTo(approved);
            assertThat(afterBatch.value("model_predictions_by_class_total{class=\"0\"}"))
                    .isEqualTo(256.0 - approved);
            for (String signal : List.of("age", "income", "loan_term", "prediction_score")) {
                assertThat(sum(afterBatch, "model_drift_observations_total{bin=", "feature=\"" + signal + "\"}"))
                        .isEqualTo(256.0);
            }
            assertThat(sum(afterBatch, "model_adverse_action_reasons_total{", ""))
                    .isPositive();
            if (withChallenger) {
                assertThat(sum(afterBatch, "model_challenger_decisions_total{", ""))
                        .isEqualTo(256.0);
            }

            batchClock.advance(Duration.ofHours(30));
            singleClock.advance(Duration.ofHours(30));
            for (int i = 0; i < ROWS; i++) {
                int outcome = LoanDataGenerator.approvalRule(rows.get(i));
                assertThat(feedback(batch, batchIds.get(i), outcome))
                        .isEqualTo(feedback(singles, singleIds.get(i), outcome));
            }
            assertThat(comparable(batch.scrape())).isEqualTo(comparable(singles.scrape()));
            for (RunningServer server : List.of(batch, singles)) {
                Await.until(
                        "the log to hold every row",
                        Duration.ofSeconds(10),
                        () -> server.server().log().rows() == ROWS);
            }
        }
    }

    /** The sum of the samples whose key starts with {@code prefix} and ends with {@code suffix}. */
    private static double sum(Scrape scrape, String prefix, String suffix) {
        return scrape.samples().entrySet().stream()
                .filter(sample ->
                        sample.getKey().startsWith(prefix) && sample.getKey().endsWith(suffix))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    @Test
    void batchTheLogHasNoRoomForIsRefusedWholeAndEveryRowCountsAsOverloaded() {
        List<LoanApplication> rows = applicants();
        ServeSettings small = ServeSettings.ephemeral(dir.resolve("small.db").toString());
        small = small.toBuilder()
                .ledger(new org.loanmodel.ledger.LedgerSettings(
                        small.ledger().location(),
                        small.ledger().commitMode(),
                        100,
                        small.ledger().batchSize(),
                        small.ledger().linger(),
                        small.ledger().maxAge(),
                        small.ledger().maxRows(),
                        small.ledger().sweepInterval()))
                .build();
        try (RunningServer server = RunningServer.start(small, new MutableClock(START))) {
            HttpResponse<String> answer =
                    new InferenceClient(server.api(), "loan-model").infer(InferenceClient.matrixRequest(rows, "FP64"));
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body())
                    .isEqualTo("{\"error\":\"prediction log write queue is full (100 records); retry later\"}");
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            Scrape scrape = server.scrape();
            assertThat(scrape.value("model_requests_total")).isEqualTo(256.0);
            assertThat(scrape.value("model_errors_total{reason=\"overloaded\"}"))
                    .isEqualTo(256.0);
            assertThat(scrape.value("model_success_total")).isZero();
            assertThat(scrape.value("model_prediction_log_rejected_total")).isEqualTo(256.0);
            assertThat(sum(scrape, "model_drift_observations_total{", "")).isZero();
            assertThat(server.server().log().rows()).isZero();

            HttpResponse<String> fits = new InferenceClient(server.api(), "loan-model")
                    .infer(InferenceClient.matrixRequest(rows.subList(0, 100), "FP64"));
            assertThat(fits.statusCode()).as(fits.body()).isEqualTo(200);
            assertThat(server.scrape().value("model_success_total")).isEqualTo(100.0);
        }
    }

    /** The outcome's answer without the id, which differs between the two servers. */
    private static String feedback(RunningServer server, String predictionId, int outcome) {
        HttpResponse<String> answer = server.api()
                .postJson(
                        "/feedback",
                        "{\"prediction_id\": \"" + predictionId + "\", \"actual_outcome\": " + outcome + "}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body().replace(predictionId, "ID");
    }

    /**
     * Every sample but those that measure time (request latencies, the log's commit times) or the
     * process, and the log's own counters, which follow its writer's timing.
     */
    private static Map<String, Double> comparable(Scrape scrape) {
        Map<String, Double> samples = new TreeMap<>();
        scrape.samples().forEach((name, value) -> {
            boolean timing = name.startsWith("model_prediction_latency_seconds_bucket")
                    || name.startsWith("model_prediction_latency_seconds_sum")
                    || name.startsWith("model_prediction_log_")
                    || name.startsWith("jvm_")
                    || name.startsWith("process_");
            if (!timing) {
                samples.put(name, value);
            }
        });
        return samples;
    }
}
