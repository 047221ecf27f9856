package org.loanmodel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;
import org.loanmodel.training.Trainer;
import org.loanmodel.training.TrainerSettings;
import org.loanmodel.training.TrainingExample;
import org.loanmodel.training.TrainingProgress;

/**
 * A model over a schema the service has never heard of (nine features, one of them coded) is
 * trained, served, logged and monitored end to end, with no production code written for it: the
 * artifact alone defines what a request carries.
 */
class OtherSchemaEndToEndTest {
    private static final FeatureSchema NINE = new FeatureSchema(List.of(
            FeatureSpec.integer("months_employed", 0, 600, "months in the current job"),
            FeatureSpec.number("debt_ratio", 0, 10, "monthly debt over monthly income"),
            FeatureSpec.number("annual_income", 0, 10_000_000, "yearly income"),
            FeatureSpec.integer("open_accounts", 0, 100, "open credit lines"),
            FeatureSpec.integer("delinquencies", 0, 50, "payments 30+ days late in two years"),
            FeatureSpec.category("home_ownership", List.of(0.0, 1.0, 2.0), "0 rent, 1 mortgage, 2 own"),
            FeatureSpec.number("utilization", 0, 1.5, "revolving balance over limit"),
            FeatureSpec.integer("inquiries", 0, 30, "hard inquiries in six months"),
            FeatureSpec.number("requested", 1, 10_000_000, "requested amount")));

    private static final String APPROVABLE = "{\"months_employed\": 48, \"debt_ratio\": 0.2, \"annual_income\": 80000,"
            + " \"open_accounts\": 5, \"delinquencies\": 0, \"home_ownership\": 1, \"utilization\": 0.3,"
            + " \"inquiries\": 1, \"requested\": 15000}";

    @TempDir
    Path dir;

    /** Rows whose outcome follows a rule over four of the nine features. */
    private static List<TrainingExample> rows(int count) {
        SplittableRandom random = new SplittableRandom(7);
        List<TrainingExample> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double[] values = {
                random.nextInt(240),
                Math.round(random.nextDouble() * 150) / 100.0,
                20_000 + random.nextInt(130_000),
                random.nextInt(20),
                random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0,
                random.nextInt(3),
                Math.round(random.nextDouble() * 120) / 100.0,
                random.nextInt(8),
                1_000 + random.nextInt(49_000)
            };
            LoanApplication application = LoanApplication.of(NINE, values);
            int outcome = values[1] < 0.6 && values[4] == 0 && values[6] < 0.9 && values[2] > 30_000 ? 1 : 0;
            rows.add(new TrainingExample(application, outcome));
        }
        return rows;
    }

    @Test
    void nineFeatureModelIsServedLoggedAndMonitored() throws SQLException, IOException {
        LoanModel trained = new Trainer(Clock.systemUTC())
                .train(NINE, rows(1500), "nine-feature test rows", TrainerSettings.defaults(), TrainingProgress.SILENT)
                .model();
        assertThat(trained.metadata().holdout().accuracy()).isGreaterThan(0.9);
        Path artifact = dir.resolve("nine.json");
        ModelArtifact.save(trained, artifact);
        Path logFile = dir.resolve("nine.db");

        ServeSettings settings = ServeSettings.ephemeral(logFile.toString()).withModel(artifact);
        String id;
        try (RunningServer server = RunningServer.start(settings, Clock.systemUTC())) {
            JsonNode model = Json.body(server.api().get("/model"));
            List<String> names = new ArrayList<>();
            model.get("schema")
                    .get("features")
                    .forEach(f -> names.add(f.get("name").asText()));
            assertThat(names).isEqualTo(NINE.names());

            var answer = server.api().postJson("/predict", APPROVABLE);
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode decision = Json.body(answer);
            id = decision.get("prediction_id").asText();
            assertThat(decision.get("approval_status").asInt()).isEqualTo(1);
            assertThat(decision.get("model_version").asText()).isEqualTo(trained.version());
            assertThat(decision.get("features_received").toString())
                    .isEqualTo("{\"months_employed\":48,\"debt_ratio\":0.2,\"annual_income\":80000,"
                            + "\"open_accounts\":5,\"delinquencies\":0,\"home_ownership\":1,\"utilization\":0.3,"
                            + "\"inquiries\":1,\"requested\":15000}");

            JsonNode seedBody = Json.body(server.api()
                    .postJson(
                            "/predict",
                            "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000, \"loan_term\": 36,"
                                    + " \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}"));
            assertThat(seedBody.get("code").asText()).isEqualTo("unknown_field");
            assertThat(seedBody.get("error").asText())
                    .isEqualTo("field 'age' is not a model feature; expected " + NINE.names());
            JsonNode badCode = Json.body(server.api()
                    .postJson("/predict", APPROVABLE.replace("\"home_ownership\": 1", "\"home_ownership\": 3")));
            assertThat(badCode.get("error").asText())
                    .isEqualTo("feature 'home_ownership' must be one of [0, 1, 2], got 3");

            JsonNode feedback = Json.body(
                    server.api().postJson("/feedback", "{\"prediction_id\": \"" + id + "\", \"actual_outcome\": 1}"));
            assertThat(feedback.get("outcome").asText()).isEqualTo("tp");
            assertThat(feedback.get("verified").asBoolean()).isTrue();

            Scrape scrape = server.scrape();
            String version = trained.version();
            assertThat(scrape.value("model_feature_debt_ratio")).isEqualTo(0.2);
            assertThat(scrape.value("model_feature_home_ownership")).isEqualTo(1.0);
            assertThat(scrape.value("model_feedback_total{model_version=\"" + version + "\",outcome=\"tp\"}"))
                    .isEqualTo(1.0);
            assertThat(scrape.value("model_success_total")).isEqualTo(1.0);
            int homeBin = trained.metadata().reference().features().get(5).binOf(1);
            assertThat(scrape.value(
                            "model_drift_observations_total{bin=\"" + homeBin + "\",feature=\"home_ownership\"}"))
                    .isEqualTo(1.0);
            assertThat(scrape.samples().keySet())
                    .filteredOn(k -> k.startsWith("model_drift_observations_total{"))
                    .extracting(k -> k.substring(k.indexOf("feature=\"") + 9, k.lastIndexOf('"')))
                    .containsAll(NINE.names());
        }

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + logFile);
                ResultSet row = db.createStatement()
                        .executeQuery("SELECT * FROM predictions WHERE prediction_id = '" + id + "'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getDouble("debt_ratio")).isEqualTo(0.2);
            assertThat(row.getDouble("requested")).isEqualTo(15000);
            assertThat(row.getInt("home_ownership")).isEqualTo(1);
            assertThat(row.getInt("actual_outcome")).isEqualTo(1);
            assertThat(row.getString("model_version")).isEqualTo(trained.version());
        }
    }
}
