package org.loanmodel.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.Main;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.ConfusionCell;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;

/**
 * Two XGBoost models, imported with the {@code import} command, served as champion and challenger:
 * answers carry XGBoost's probabilities, denials their reasons, and outcomes judge each version
 * on the same traffic; smoke passes against the imported schema.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportedModelServedTest {
    @TempDir
    static Path dir;

    private Booster championBooster;
    private Booster challengerBooster;
    private LoanModel champion;
    private LoanModel challenger;
    private RunningServer server;

    /** Runs a command line in-process; returns exit code and output. */
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private LoanModel importModel(String name, Path xgboost, Path reference) {
        Path artifact = dir.resolve(name + "-artifact.json");
        String[] result = run(
                "import",
                "--xgboost",
                xgboost.toString(),
                "--reference",
                reference.toString(),
                "--label",
                "approved",
                "--out",
                artifact.toString());
        assertThat(result[0]).as(result[1] + result[2]).isEqualTo("0");
        LoanModel model = ModelArtifact.load(artifact);
        assertThat(result[1])
                .contains("imported XGBoost 3.4.0 model: ")
                .contains("reference data: 800 rows\n")
                .contains("note: feature 'debt_ratio' is optional: the reference data lacks it in some rows\n")
                .contains("labelled reference metrics (800 rows, threshold 0.5)\n")
                .endsWith("wrote " + artifact + " (model version " + model.version() + ")\n");
        return model;
    }

    @BeforeAll
    void importAndServe() throws Exception {
        double[][] train = XgboostRows.rows(1, 3000);
        Path championFile = dir.resolve("champion.json");
        Path challengerFile = dir.resolve("challenger.json");
        championBooster = XgboostReference.train(train, 60, 5, true, championFile);
        challengerBooster = XgboostReference.train(train, 4, 2, true, challengerFile);
        double[][] reference = XgboostRows.rows(4, 800);
        Path referenceFile = dir.resolve("reference.csv");
        XgboostRows.writeCsv(referenceFile, reference, XgboostRows.labels(reference, 5), new int[] {0, 1, 2, 3, 4}, 5);
        champion = importModel("champion", championFile, referenceFile);
        challenger = importModel("challenger", challengerFile, referenceFile);
        ServeSettings settings = ServeSettings.ephemeral(dir.resolve("log.db").toString()).toBuilder()
                .challengerPaths(List.of(dir.resolve("challenger-artifact.json")))
                .modelDir(dir.resolve("models"))
                .build()
                .withModel(dir.resolve("champion-artifact.json"));
        server = RunningServer.start(settings, Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private static String body(double[] row) {
        StringBuilder json = new StringBuilder("{");
        for (int f = 0; f < row.length; f++) {
            if (Double.isNaN(row[f])) {
                continue;
            }
            json.append(json.length() > 1 ? ", " : "")
                    .append('"')
                    .append(XgboostReference.NAMES.get(f))
                    .append("\": ")
                    .append(row[f]);
        }
        return json.append('}').toString();
    }

    @Test
    void eachVersionIsJudgedOnTheSameTrafficByXgboostsOwnDecisions() throws Exception {
        double[][] rows = XgboostRows.rows(9, 250);
        float[] outcomes = XgboostRows.labels(rows, 10);
        float[] championSays = XgboostReference.predict(championBooster, rows);
        float[] challengerSays = XgboostReference.predict(challengerBooster, rows);
        Map<String, Double> expected = new TreeMap<>();
        // Other tests share the server: count what this traffic adds.
        Scrape before = server.scrape();
        int denials = 0;
        int explained = 0;
        for (int i = 0; i < rows.length; i++) {
            JsonNode decision = Json.body(server.api().postJson("/predict", body(rows[i])));
            assertThat(decision.get("model_version").asText()).isEqualTo(champion.version());
            assertThat(decision.get("probability").asDouble()).isCloseTo(championSays[i], within(1e-6));
            int championClass = championSays[i] >= 0.5 ? 1 : 0;
            int challengerClass = challengerSays[i] >= 0.5 ? 1 : 0;
            assertThat(decision.get("approval_status").asInt()).isEqualTo(championClass);
            if (championClass == 0) {
                denials++;
                // Only features that pushed toward denial are reasons: a denied applicant better
                // than the average one in every respect has none.
                JsonNode reasons = decision.get("reasons");
                assertThat(reasons.size()).isLessThanOrEqualTo(4);
                reasons.forEach(reason ->
                        assertThat(reason.get("contribution").asDouble()).isNegative());
                explained += reasons.isEmpty() ? 0 : 1;
            }
            int actual = (int) outcomes[i];
            JsonNode feedback = Json.body(server.api()
                    .postJson(
                            "/feedback",
                            "{\"prediction_id\": \""
                                    + decision.get("prediction_id").asText() + "\", \"actual_outcome\": " + actual
                                    + "}"));
            assertThat(feedback.get("success").asBoolean()).isTrue();
            expected.merge(key(champion.version(), ConfusionCell.of(championClass, actual)), 1.0, Double::sum);
            expected.merge(key(challenger.version(), ConfusionCell.of(challengerClass, actual)), 1.0, Double::sum);
        }
        assertThat(explained).isPositive();
        assertThat(denials).isGreaterThan(explained / 2);
        Scrape scrape = server.scrape();
        Map<String, Double> counted = new TreeMap<>();
        scrape.samples().forEach((name, value) -> {
            double added = value - before.samples().getOrDefault(name, 0.0);
            if (name.startsWith("model_feedback_total{") && added > 0) {
                counted.put(name, added);
            }
        });
        assertThat(counted).isEqualTo(expected);
    }

    @Test
    void anExplanationOfAnImportedModelIsInLogOdds() {
        JsonNode decision =
                Json.body(server.api().postJson("/predict?explain=true", body(new double[] {540, 18000, 0.9, 3, 7})));
        JsonNode explanation = decision.get("explanation");
        assertThat(explanation.get("scale").asText()).isEqualTo("log_odds");
        double margin = explanation.get("base_value").asDouble();
        for (String name : XgboostReference.NAMES) {
            margin += explanation.get("contributions").get(name).asDouble();
        }
        double probability = 1 / (1 + Math.exp(-margin));
        assertThat(probability).isCloseTo(decision.get("probability").asDouble(), within(1e-6));
        assertThat(decision.get("approval_status").asInt()).isZero();
        String mostAdverse = null;
        for (String name : XgboostReference.NAMES) {
            double contribution = explanation.get("contributions").get(name).asDouble();
            if (mostAdverse == null
                    || contribution
                            < explanation.get("contributions").get(mostAdverse).asDouble()) {
                mostAdverse = name;
            }
        }
        assertThat(decision.get("reasons").get(0).get("feature").asText()).isEqualTo(mostAdverse);
    }

    @Test
    void smokePassesAgainstTheImportedSchema() {
        String api = "http://127.0.0.1:" + server.server().apiPort();
        String metrics = "http://127.0.0.1:" + server.server().metricsPort() + "/metrics";
        String[] result = run("smoke", "--url", api, "--metrics-url", metrics);
        assertThat(result[0]).as(result[1] + result[2]).isEqualTo("0");
        assertThat(result[1])
                .contains("PASS  reject a missing feature")
                .endsWith("smoke passed: all 17 checks passed\n");
    }

    @Test
    void simulateDrawsApplicantsFromTheImportedReferenceProfile() {
        String api = "http://127.0.0.1:" + server.server().apiPort();
        String[] result = run("simulate", "--url", api, "--count", "200", "--rate", "0", "--seed", "4");
        assertThat(result[0]).as(result[1] + result[2]).isEqualTo("0");
        assertThat(result[1])
                .contains("applicants from the reference profile of model " + champion.version() + " (5 features)")
                .contains("predictions  200 sent, 200 answered 200, 0 failed")
                .contains("feedback     200 sent, 200 answered 200, 0 failed");
    }

    private static String key(String version, ConfusionCell cell) {
        return "model_feedback_total{model_version=\"" + version + "\",outcome=\"" + cell.code() + "\"}";
    }
}
