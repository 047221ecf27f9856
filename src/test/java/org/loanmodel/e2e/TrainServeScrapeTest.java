package org.loanmodel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.Main;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;

/** The whole life of a model: train it, serve it, ask it, tell it the truth, read the metrics. */
class TrainServeScrapeTest {
    @TempDir
    Path dir;

    @Test
    void trainedModelIsServedAndEveryRequestShowsInTheMetrics() {
        Path artifact = dir.resolve("models/small.json");
        StringWriter out = new StringWriter();
        int exit = Main.run(
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                "train",
                "--out",
                artifact.toString(),
                "--rows",
                "1000",
                "--trees",
                "10",
                "--noise",
                "0.05");
        assertThat(exit).isZero();
        LoanModel trained = ModelArtifact.load(artifact);
        assertThat(out.toString())
                .contains("[1/5] generating 1000 applications ... ")
                .contains("[5/5] profiling the training data ... ")
                .contains("holdout metrics (200 rows, threshold 0.5)")
                .contains(String.format(
                        "  accuracy     %.4f%n", trained.metadata().holdout().accuracy()))
                .contains("wrote " + artifact + " (model version " + trained.version() + ")");

        ServeSettings settings =
                ServeSettings.ephemeral(dir.resolve("log.db").toString()).withModel(artifact);
        try (RunningServer server = RunningServer.start(settings, Clock.systemUTC())) {
            String approve = "{\"age\": 40, \"income\": 90000, \"loan_amount\": 10000, \"loan_term\": 24,"
                    + " \"credit_score\": 850, \"employment_status\": 1, \"loan_purpose\": 2}";
            var decision = Json.body(server.api().postJson("/predict", approve));
            assertThat(decision.get("model_version").asText()).isEqualTo(trained.version());
            int predicted = decision.get("approval_status").asInt();
            server.api().postJson("/predict", "{\"age\": 40}");
            var feedback = Json.body(server.api()
                    .postJson(
                            "/feedback",
                            "{\"prediction_id\": \""
                                    + decision.get("prediction_id").asText() + "\", \"actual_outcome\": 1}"));
            assertThat(feedback.get("success").asBoolean()).isTrue();

            Scrape scrape = server.scrape();
            assertThat(scrape.value("model_info{algorithm=\"random_forest\",model_version=\"" + trained.version()
                            + "\",trained_at=\"" + trained.metadata().createdAt() + "\"}"))
                    .isEqualTo(1);
            assertThat(scrape.value("model_requests_total")).isEqualTo(2);
            assertThat(scrape.value("model_success_total")).isEqualTo(1);
            assertThat(scrape.value("model_errors_total{reason=\"invalid_input\"}"))
                    .isEqualTo(1);
            assertThat(scrape.value("model_predictions_by_class_total{class=\"" + predicted + "\"}"))
                    .isEqualTo(1);
            assertThat(scrape.value("model_prediction_latency_seconds_count")).isEqualTo(1);
            assertThat(scrape.value("model_accuracy")).isEqualTo(predicted == 1 ? 1.0 : 0.0);
            assertThat(scrape.value("model_feedback_total{model_version=\"" + trained.version() + "\",outcome=\""
                            + (predicted == 1 ? "tp" : "fn") + "\"}"))
                    .isEqualTo(1);
            assertThat(scrape.value("model_feature_credit_score")).isEqualTo(850);
            assertThat(scrape.value("model_drift_observations_total{bin=\"9\",feature=\"credit_score\"}"))
                    .isEqualTo(1);
        }
    }

    @Test
    void badTrainingSettingsAreRefusedWithTheRule() {
        StringWriter err = new StringWriter();
        int exit = Main.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "train",
                "--noise",
                "0.7",
                "--out",
                dir.resolve("x.json").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: label noise must be between 0 and 0.5, got 0.7\n");
    }

    @Test
    void badServeSettingsNameTheFlagAndTheVariable() {
        StringWriter err = new StringWriter();
        int exit = Main.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "serve",
                "--retention-max-age",
                "forever",
                "--prediction-log",
                dir.resolve("log.db").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("error: 'forever' is not a duration; use e.g. 90d, 12h, 15m, 30s, 500ms or ISO-8601 like"
                        + " PT1H (set --retention-max-age or PREDICTION_LOG_MAX_AGE)\n");
    }

    @Test
    void servingAMissingModelSaysWhatToSet() {
        StringWriter err = new StringWriter();
        Path missing = dir.resolve("missing.json");
        int exit = Main.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "serve",
                "--model",
                missing.toString(),
                "--port",
                "0",
                "--metrics-port",
                "0",
                "--prediction-log",
                dir.resolve("log.db").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("error: model file not found: " + missing + " (set --model or MODEL_PATH)\n");
    }
}
