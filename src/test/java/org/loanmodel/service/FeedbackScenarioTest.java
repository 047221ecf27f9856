package org.loanmodel.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.ConfusionCell;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.MutableClock;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;
import org.loanmodel.training.LoanDataGenerator;

/**
 * Delayed ground truth end to end over HTTP: predictions, then outcomes two hours later with a
 * known error pattern, checked against exact counter values and the rolling window.
 */
class FeedbackScenarioTest {
    private static final String APPROVED = "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000, \"loan_term\": 36,"
            + " \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}";
    private static final String REJECTED = APPROVED.replace("75000", "25000");
    private static final int WINDOW = 10;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-04T09:00:00Z"));
    private RunningServer server;
    private String version;

    @BeforeEach
    void start() {
        server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("log.db").toString()).withWindows(WINDOW, 1000), clock);
        version = server.server().model().version();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** 12 tp, 5 fp, 15 tn, 8 fn, interleaved so the last ten are a known mix. */
    private static List<ConfusionCell> pattern() {
        List<ConfusionCell> cells = new ArrayList<>();
        int[] remaining = {12, 5, 15, 8};
        ConfusionCell[] order = ConfusionCell.values();
        int next = 0;
        while (cells.size() < 40) {
            if (remaining[next] > 0) {
                cells.add(order[next]);
                remaining[next]--;
            }
            next = (next + 1) % 4;
        }
        return cells;
    }

    private String predict(ConfusionCell cell) {
        boolean approve = cell == ConfusionCell.TRUE_POSITIVE || cell == ConfusionCell.FALSE_POSITIVE;
        HttpResponse<String> response = server.api().postJson("/predict", approve ? APPROVED : REJECTED);
        JsonNode body = Json.body(response);
        assertThat(body.get("approval_status").asInt()).isEqualTo(approve ? 1 : 0);
        return body.get("prediction_id").asText();
    }

    private static int actual(ConfusionCell cell) {
        return cell == ConfusionCell.TRUE_POSITIVE || cell == ConfusionCell.FALSE_NEGATIVE ? 1 : 0;
    }

    private HttpResponse<String> feedback(String id, int actual) {
        return server.api()
                .postJson("/feedback", "{\"prediction_id\": \"" + id + "\", \"actual_outcome\": " + actual + "}");
    }

    private static double accuracyOfLast(List<ConfusionCell> cells, int count) {
        List<ConfusionCell> window = cells.subList(Math.max(0, count - WINDOW), count);
        return window.stream().filter(ConfusionCell::correct).count() / (double) window.size();
    }

    @Test
    void knownErrorPatternGivesExactCountersAndWindow() {
        List<ConfusionCell> cells = pattern();
        List<String> ids = cells.stream().map(this::predict).toList();
        clock.advance(Duration.ofHours(2));

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            HttpResponse<String> response = feedback(ids.get(i), actual(cells.get(i)));
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = Json.body(response);
            assertThat(body.get("outcome").asText()).isEqualTo(cells.get(i).code());
            assertThat(body.get("verified").asBoolean()).isTrue();
            assertThat(body.get("label_delay_seconds").asDouble()).isEqualTo(7200.0);
            assertThat(body.get("current_accuracy").asDouble()).isEqualTo(accuracyOfLast(cells, i + 1));
            answers.add(response.body());
        }

        Scrape scrape = server.scrape();
        assertThat(feedbackTotal(scrape, "tp")).isEqualTo(12);
        assertThat(feedbackTotal(scrape, "fp")).isEqualTo(5);
        assertThat(feedbackTotal(scrape, "tn")).isEqualTo(15);
        assertThat(feedbackTotal(scrape, "fn")).isEqualTo(8);
        assertThat(scrape.value("model_predictions_by_class_total{class=\"1\"}"))
                .isEqualTo(17);
        assertThat(scrape.value("model_predictions_by_class_total{class=\"0\"}"))
                .isEqualTo(23);
        assertThat(scrape.value("model_requests_total")).isEqualTo(40);
        assertThat(scrape.value("model_success_total")).isEqualTo(40);
        assertThat(scrape.value("model_prediction_latency_seconds_count")).isEqualTo(40);
        assertThat(scrape.value("model_prediction_values_count")).isEqualTo(40);

        List<ConfusionCell> last = cells.subList(30, 40);
        long tp = last.stream().filter(c -> c == ConfusionCell.TRUE_POSITIVE).count();
        long fp = last.stream().filter(c -> c == ConfusionCell.FALSE_POSITIVE).count();
        long fn = last.stream().filter(c -> c == ConfusionCell.FALSE_NEGATIVE).count();
        assertThat(scrape.value("model_quality_window_feedbacks")).isEqualTo(10);
        assertThat(scrape.value("model_accuracy")).isEqualTo(accuracyOfLast(cells, 40));
        assertThat(scrape.value("model_precision")).isEqualTo((double) tp / (tp + fp));
        assertThat(scrape.value("model_recall")).isEqualTo((double) tp / (tp + fn));
        assertThat(scrape.value("model_f1")).isCloseTo(2.0 * tp / (2.0 * tp + fp + fn), within(1e-12));

        assertThat(scrape.value("model_label_delay_seconds_count")).isEqualTo(40);
        assertThat(scrape.value("model_label_delay_seconds_sum")).isEqualTo(40 * 7200.0);
        assertThat(scrape.value("model_label_delay_seconds_bucket{le=\"3600.0\"}"))
                .isZero();
        assertThat(scrape.value("model_label_delay_seconds_bucket{le=\"14400.0\"}"))
                .isEqualTo(40);

        double expectedCorrect = 0;
        for (ConfusionCell cell : cells) {
            boolean approve = cell == ConfusionCell.TRUE_POSITIVE || cell == ConfusionCell.FALSE_POSITIVE;
            LoanApplication application = approve
                    ? LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1)
                    : LoanDataGenerator.loan(35, 25000, 25000, 36, 720, 1, 1);
            double p = server.server().model().probability(application);
            expectedCorrect += Math.max(p, 1 - p);
        }
        assertThat(scrape.value("model_expected_correct_total")).isCloseTo(expectedCorrect, within(1e-9));

        replayChangesNothing(ids, cells, answers, scrape);
    }

    private void replayChangesNothing(
            List<String> ids, List<ConfusionCell> cells, List<String> answers, Scrape before) {
        clock.advance(Duration.ofDays(3));
        for (int i = 0; i < cells.size(); i++) {
            HttpResponse<String> replay = feedback(ids.get(i), actual(cells.get(i)));
            assertThat(replay.statusCode()).isEqualTo(200);
            assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            JsonNode first = Json.parse(answers.get(i));
            JsonNode again = Json.parse(replay.body());
            // Same answer, except the rolling accuracy, which is "now" (unchanged here).
            assertThat(again)
                    .isEqualTo(((com.fasterxml.jackson.databind.node.ObjectNode) first.deepCopy())
                            .put("current_accuracy", accuracyOfLast(cells, 40)));
        }
        Scrape after = server.scrape();
        for (String outcome : List.of("tp", "fp", "tn", "fn")) {
            assertThat(feedbackTotal(after, outcome)).isEqualTo(feedbackTotal(before, outcome));
        }
        assertThat(after.value("model_accuracy")).isEqualTo(before.value("model_accuracy"));
        assertThat(after.value("model_label_delay_seconds_count")).isEqualTo(40);
        assertThat(after.value("model_feedback_duplicates_total")).isEqualTo(40);
    }

    private double feedbackTotal(Scrape scrape, String outcome) {
        return scrape.value("model_feedback_total{model_version=\"" + version + "\",outcome=\"" + outcome + "\"}");
    }

    @Test
    void conflictingOutcomeAnswers409AndKeepsTheFirst() {
        String id = predict(ConfusionCell.TRUE_POSITIVE);
        assertThat(feedback(id, 1).statusCode()).isEqualTo(200);
        HttpResponse<String> conflict = feedback(id, 0);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(Json.body(conflict).get("error").asText())
                .isEqualTo("prediction '" + id + "' already has actual_outcome 1; refusing 0");
        Scrape scrape = server.scrape();
        assertThat(feedbackTotal(scrape, "tp")).isEqualTo(1);
        assertThat(feedbackTotal(scrape, "fn")).isZero();
        assertThat(scrape.value("model_feedback_rejected_total{reason=\"conflict\"}"))
                .isEqualTo(1);
    }

    @Test
    void unknownIdAnswers404UnlessTheSeedsPredictedOutcomeIsSent() {
        HttpResponse<String> unknown = feedback("never-issued", 1);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.body(unknown).get("code").asText()).isEqualTo("unknown_prediction");

        HttpResponse<String> legacy = server.api()
                .postJson(
                        "/feedback",
                        "{\"prediction_id\": \"never-issued\", \"actual_outcome\": 1," + " \"predicted_outcome\": 0}");
        assertThat(legacy.statusCode()).isEqualTo(200);
        assertThat(Json.body(legacy).get("outcome").asText()).isEqualTo("fn");
        assertThat(Json.body(legacy).get("verified").asBoolean()).isFalse();

        Scrape scrape = server.scrape();
        assertThat(scrape.value("model_feedback_rejected_total{reason=\"unknown_prediction\"}"))
                .isEqualTo(1);
        assertThat(scrape.value("model_feedback_unverified_total{outcome=\"fn\"}"))
                .isEqualTo(1);
        assertThat(feedbackTotal(scrape, "fn")).isZero();
        assertThat(scrape.value("model_accuracy")).isEqualTo(0.0);
    }

    @Test
    void clientsPredictedOutcomeIsReportedWhenItDisagreesButNotTrusted() {
        String id = predict(ConfusionCell.TRUE_NEGATIVE);
        HttpResponse<String> response = server.api()
                .postJson(
                        "/feedback",
                        "{\"prediction_id\": \"" + id + "\", \"actual_outcome\": 0," + " \"predicted_outcome\": 1}");
        JsonNode body = Json.body(response);
        assertThat(body.get("predicted_outcome").asInt()).isEqualTo(0);
        assertThat(body.get("outcome").asText()).isEqualTo("tn");
        assertThat(body.get("predicted_outcome_mismatch").asBoolean()).isTrue();
        Scrape scrape = server.scrape();
        assertThat(scrape.value("model_feedback_prediction_mismatch_total")).isEqualTo(1);
        assertThat(feedbackTotal(scrape, "tn")).isEqualTo(1);
        assertThat(feedbackTotal(scrape, "fp")).isZero();
    }

    @Test
    void latestRequestSetsTheSeedsFeatureGauges() {
        predict(ConfusionCell.TRUE_NEGATIVE);
        Scrape scrape = server.scrape();
        assertThat(scrape.value("model_feature_age")).isEqualTo(35);
        assertThat(scrape.value("model_feature_income")).isEqualTo(25000);
        assertThat(scrape.value("model_feature_loan_amount")).isEqualTo(25000);
        assertThat(scrape.value("model_feature_loan_term")).isEqualTo(36);
        assertThat(scrape.value("model_feature_credit_score")).isEqualTo(720);
        assertThat(scrape.value("model_feature_employment_status")).isEqualTo(1);
        assertThat(scrape.value("model_feature_loan_purpose")).isEqualTo(1);
    }
}
