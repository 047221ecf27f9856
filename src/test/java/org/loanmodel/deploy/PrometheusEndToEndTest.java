package org.loanmodel.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.ledger.CommitMode;
import org.loanmodel.ledger.LedgerSettings;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Tools;
import org.loanmodel.training.LoanDataGenerator;

/**
 * Two replicas of the service sharing one prediction log, scraped every second by a real
 * Prometheus that runs the shipped rules: predictions made on A and labelled on B give the exact
 * accuracy, wrong labels fire the accuracy alert, incomes far above the training range fire the
 * drift alert for income alone, and the precision and recall the model expects from its own
 * probabilities equal those of the answers. The alert rules run from a temporary copy whose {@code
 * for:} durations are cut to 2 s; nothing else is changed ({@link FastRules}).
 *
 * <p>One Prometheus serves the whole story, so the steps run in order and build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoanDataGenerator applications = new LoanDataGenerator(20_261_127L, 0);
    private final List<RunningServer> servers = new ArrayList<>();
    /** Every decision answered, in order. */
    private final List<Decision> answered = new ArrayList<>();

    private RunningServer a;
    private RunningServer b;
    private PrometheusServer prometheus;

    /** A decision as the API answered it. */
    private record Decision(String id, int approval, double probability, String modelVersion) {}

    @BeforeAll
    void startTwoReplicasAndPrometheus(@TempDir Path folder) throws IOException {
        Path binary = Tools.require("prometheus", "apt-get install prometheus");
        // One log file for both: feedback sent to B must find predictions made on A. SYNC commit:
        // A answers only once the prediction is committed, so B can never miss it.
        LedgerSettings shared = LedgerSettings.defaults(
                        folder.resolve("predictions.db").toString())
                .withCommitMode(CommitMode.SYNC);
        a = start(shared);
        b = start(shared);
        Path prometheusFolder = Files.createDirectories(folder.resolve("prometheus"));
        prometheus = PrometheusServer.start(
                binary,
                prometheusFolder,
                FastRules.config(
                        prometheusFolder,
                        List.of(a.server().metricsPort(), b.server().metricsPort())),
                Duration.ofSeconds(30));
        // Every counter must have a first sample of 0 before any traffic (see the accuracy test).
        Await.value(
                WAIT,
                "a first scrape of both replicas",
                () -> prometheus.value("count(up{app=\"loan-model-api\"} == 1)"),
                count -> count == 2);
    }

    private RunningServer start(LedgerSettings ledger) {
        RunningServer server =
                RunningServer.start(ServeSettings.ephemeral(ledger.location()).withLedger(ledger), Clock.systemUTC());
        servers.add(server);
        return server;
    }

    @AfterAll
    void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        servers.forEach(RunningServer::close);
    }

    @Test
    @Order(1)
    void accuracyOverBothReplicasIsTheExactFractionOfRightOutcomes() {
        List<Decision> decisions = predict(100, a, applications::nextApplication);
        // Right outcomes first, then 13 wrong ones: every partial count has a higher accuracy,
        // so 0.87 can only be seen once all 100 outcomes are in.
        for (int i = 0; i < decisions.size(); i++) {
            label(b, decisions.get(i), i < 87);
        }

        awaitValue("sum(model_feedback_total)", 100);
        // A and B are scraped at different moments: wait for A's last scrape to see the decisions.
        assertThat(awaitValue(onTarget("sum(model_success_total{%s})", a), 100)).isEqualTo(100);
        assertThat(prometheus.value(onTarget("sum(model_feedback_total{%s})", a)))
                .isZero();
        assertThat(awaitValue("model:accuracy:ratio", 0.87)).isCloseTo(0.87, offset(1e-9));
        // rate() extrapolates each series to the window's edges by a factor that depends only on
        // its sample timestamps (and, for a counter starting at 0 inside the window, on nothing
        // else). Every feedback series comes from B's scrapes, so numerator and denominator carry
        // the same factor and the ratio is exact.
        assertThat(awaitValue("model:accuracy:ratio_rate1h", 0.87)).isCloseTo(0.87, offset(1e-9));
    }

    @Test
    @Order(2)
    void accuracyAlertFiresOnceWrongOutcomesArrive() {
        assertThat(firing("LoanModelAccuracyLow")).isEmpty();

        List<Decision> decisions = predict(100, a, applications::nextApplication);
        decisions.forEach(decision -> label(b, decision, false));

        List<JsonNode> alerts = Await.value(
                WAIT, "LoanModelAccuracyLow firing", () -> firing("LoanModelAccuracyLow"), list -> !list.isEmpty());
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).at("/labels/model_version").asText())
                .isEqualTo(decisions.get(0).modelVersion());
        assertThat(awaitValue("model:accuracy:ratio", 87.0 / 200)).isCloseTo(0.435, offset(1e-9));
    }

    /**
     * Every decision so far was made on A, so numerator and denominator carry the same extrapolation
     * factor (as in the accuracy test) and the ratios of the rules are those of the sums.
     */
    @Test
    @Order(3)
    void estimatedPrecisionAndRecallAreThoseOfTheAnsweredProbabilities() {
        double tp = 0;
        double fp = 0;
        double fn = 0;
        for (Decision decision : answered) {
            if (decision.approval() == 1) {
                tp += decision.probability();
                fp += 1 - decision.probability();
            } else {
                fn += decision.probability();
            }
        }
        assertThat(answered).hasSize(200);
        assertThat(fp + fn).as("the model is not certain of everything").isPositive();

        assertThat(awaitValue("model:estimated_precision:ratio_rate1h", tp / (tp + fp)))
                .isCloseTo(tp / (tp + fp), offset(1e-9));
        assertThat(awaitValue("model:estimated_recall:ratio_rate1h", tp / (tp + fn)))
                .isCloseTo(tp / (tp + fn), offset(1e-9));
    }

    @Test
    @Order(4)
    void driftAlertFiresForIncomeAloneWhenIncomesLeaveTheTrainingRange() {
        assertThat(firing("LoanModelFeatureDrift")).isEmpty();
        SplittableRandom incomes = new SplittableRandom(7);

        // Training incomes lie in 20,000..99,999; these lie in 150,000..300,000. Every other
        // feature keeps its training distribution. Half the traffic goes to each replica.
        for (int i = 0; i < 300; i++) {
            LoanApplication usual = applications.nextApplication();
            double[] values = usual.values();
            values[1] = 150_000 + incomes.nextInt(150_001);
            predict(1, i % 2 == 0 ? a : b, () -> LoanApplication.of(LoanDataGenerator.SCHEMA, values));
        }

        List<JsonNode> alerts = Await.value(
                WAIT, "LoanModelFeatureDrift firing", () -> firing("LoanModelFeatureDrift"), list -> !list.isEmpty());
        assertThat(alerts)
                .extracting(alert -> alert.at("/labels/feature").asText())
                .containsExactly("income");
        assertThat(prometheus.query("model:drift_psi:increase1h{feature!~\"income|prediction_score\"} > 0.25"))
                .as("other inputs past the alert threshold")
                .isEmpty();
    }

    @Test
    @Order(5)
    void everyRuleAndEveryDashboardQueryEvaluatesWithoutError() {
        List<JsonNode> rules = prometheus.rules();

        assertThat(rules)
                .hasSize(RuleFiles.recordNames().size() + RuleFiles.alertNames().size());
        assertThat(rules)
                .allSatisfy(rule -> assertThat(rule.get("health").asText())
                        .as(rule.get("name").asText() + ": "
                                + rule.path("lastError").asText())
                        .isEqualTo("ok"));
        for (GrafanaDashboard.Query query : GrafanaDashboard.queries()) {
            assertThat(prometheus.query(query.expr()))
                    .as("panel '%s': %s", query.panel(), query.expr())
                    .isNotEmpty();
        }
    }

    private List<Decision> predict(int count, RunningServer server, Supplier<LoanApplication> next) {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = server.api().postJson("/predict", json(next.get()));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = read(response.body());
            decisions.add(new Decision(
                    answer.get("prediction_id").asText(),
                    answer.get("approval_status").asInt(),
                    answer.get("probability").asDouble(),
                    answer.get("model_version").asText()));
        }
        answered.addAll(decisions);
        return decisions;
    }

    private void label(RunningServer server, Decision decision, boolean right) {
        int outcome = right ? decision.approval() : 1 - decision.approval();
        HttpResponse<String> response = server.api()
                .postJson(
                        "/feedback",
                        "{\"prediction_id\": \"" + decision.id() + "\", \"actual_outcome\": " + outcome + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(read(response.body()).get("correct").asBoolean()).isEqualTo(right);
    }

    private static String json(LoanApplication application) {
        return String.format(
                java.util.Locale.ROOT,
                "{\"age\": %.0f, \"income\": %.0f, \"loan_amount\": %.0f, \"loan_term\": %.0f,"
                        + " \"credit_score\": %.0f, \"employment_status\": %.0f, \"loan_purpose\": %.0f}",
                application.value("age"),
                application.value("income"),
                application.value("loan_amount"),
                application.value("loan_term"),
                application.value("credit_score"),
                application.value("employment_status"),
                application.value("loan_purpose"));
    }

    /** Waits until a one-sample query reaches {@code expected} (to 1e-9) and returns its value. */
    private double awaitValue(String promql, double expected) {
        return Await.value(
                WAIT,
                promql + " = " + expected,
                () -> prometheus.value(promql),
                value -> Math.abs(value - expected) < 1e-9);
    }

    private List<JsonNode> firing(String alertName) {
        return prometheus.alerts().stream()
                .filter(alert -> alert.at("/labels/alertname").asText().equals(alertName))
                .filter(alert -> alert.get("state").asText().equals("firing"))
                .toList();
    }

    private static String onTarget(String template, RunningServer server) {
        return String.format(template, "instance=\"127.0.0.1:" + server.server().metricsPort() + "\"");
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
