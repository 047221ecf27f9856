package org.loanmodel.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.model.Reason;
import org.loanmodel.testing.Scrape;
import org.loanmodel.training.LoanDataGenerator;

class PredictionMetricsTest {
    private static final LoanModel MODEL = ModelArtifact.loadDefault();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PredictionMetrics metrics = new ServingMetrics(registry, MODEL).predictions();

    @Test
    void decisionCountsRequestSuccessClassProbabilityAndFeatures() {
        LoanApplication application = LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1);
        metrics.recordDecision(application, new Decision("a", 0, MODEL.version(), 0.25, 0), 0.0003);
        Scrape scrape = Registries.scrape(registry);
        assertThat(scrape.value("model_requests_total")).isEqualTo(1);
        assertThat(scrape.value("model_success_total")).isEqualTo(1);
        assertThat(scrape.value("model_predictions_by_class_total{class=\"0\"}"))
                .isEqualTo(1);
        assertThat(scrape.value("model_prediction_values_bucket{le=\"0.3\"}")).isEqualTo(1);
        assertThat(scrape.value("model_prediction_values_bucket{le=\"0.2\"}")).isZero();
        assertThat(scrape.value("model_prediction_latency_seconds_bucket{le=\"5.0E-4\"}"))
                .isEqualTo(1);
        assertThat(scrape.value("model_expected_correct_total")).isEqualTo(0.75);
        assertThat(scrape.value("model_feature_income")).isEqualTo(75000);
    }

    @Test
    void eachDecisionAddsItsProbabilityToTheExpectedConfusionMatrix() {
        LoanApplication application = LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1);
        metrics.recordDecision(application, new Decision("a", 0, MODEL.version(), 0.75, 1), 0.0003);
        metrics.recordDecision(application, new Decision("b", 0, MODEL.version(), 0.875, 1), 0.0003);
        metrics.recordDecision(application, new Decision("c", 0, MODEL.version(), 0.25, 0), 0.0003);
        Scrape scrape = Registries.scrape(registry);
        String prefix = "model_expected_outcome_total{model_version=\"" + MODEL.version() + "\",outcome=";
        assertThat(scrape.value(prefix + "\"tp\"}")).isEqualTo(0.75 + 0.875);
        assertThat(scrape.value(prefix + "\"fp\"}")).isEqualTo(0.25 + 0.125);
        assertThat(scrape.value(prefix + "\"tn\"}")).isEqualTo(0.75);
        assertThat(scrape.value(prefix + "\"fn\"}")).isEqualTo(0.25);
    }

    @Test
    void preparedReasonSeriesStartAtZeroAndCountTheDenialsThatNameThem() {
        List<String> codes = List.of(
                "R_AGE",
                "R_INCOME",
                "R_LOAN_AMOUNT",
                "R_LOAN_TERM",
                "R_CREDIT_SCORE",
                "R_EMPLOYMENT_STATUS",
                "R_LOAN_PURPOSE");
        metrics.prepareReasons("v1", codes);
        Scrape before = Registries.scrape(registry);
        String prefix = "model_adverse_action_reasons_total{model_version=\"v1\",reason=";
        for (String code : codes) {
            assertThat(before.value(prefix + "\"" + code + "\"}")).as(code).isZero();
        }
        assertThat(before.samples().keySet().stream().filter(name -> name.startsWith("model_adverse_action")))
                .hasSize(codes.size());
        LoanApplication application = LoanDataGenerator.loan(35, 75000, 25000, 36, 550, 1, 1);
        List<Reason> reasons = List.of(new Reason("R_CREDIT_SCORE", "credit_score", "credit score too low", -0.4));
        metrics.recordDecision(application, new Decision("d", 0, "v1", 0.25, 0, reasons, null), 0.0003);
        Scrape after = Registries.scrape(registry);
        assertThat(after.value(prefix + "\"R_CREDIT_SCORE\"}")).isEqualTo(1);
        assertThat(after.value(prefix + "\"R_INCOME\"}")).isZero();
    }

    @Test
    void failureCountsAsARequestWithItsReasonAndNoSuccess() {
        metrics.recordFailed(PredictionMetrics.Failure.OVERLOADED);
        Scrape scrape = Registries.scrape(registry);
        assertThat(scrape.value("model_requests_total")).isEqualTo(1);
        assertThat(scrape.value("model_success_total")).isZero();
        assertThat(scrape.value("model_errors_total{reason=\"overloaded\"}")).isEqualTo(1);
        assertThat(scrape.value("model_errors_total{reason=\"invalid_input\"}")).isZero();
    }

    @Test
    void reasonsAreCountedByVersionAndCodeBeyondTheSeriesItKeepsAtHand() {
        LoanApplication application = LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1);
        int versions = ReasonTally.Series.KNOWN / 2 + 10;
        List<LoanApplication> rows = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int v = 0; v < versions; v++) {
                // Equal strings that are other instances each round: found by value, not only by reference.
                List<Reason> reasons = List.of(
                        new Reason(new String("R_CREDIT_SCORE"), "credit_score", "credit score too low", -0.25),
                        new Reason(new String("R_INCOME"), "income", "income too low", -0.125));
                rows.add(application);
                decisions.add(new Decision("d" + round + "-" + v, 0, new String("v" + v), 0.25, 0, reasons, null));
            }
            metrics.recordDecisions(rows, decisions, 0.0003);
            rows.clear();
            decisions.clear();
        }
        Scrape scrape = Registries.scrape(registry);
        for (int v = 0; v < versions; v++) {
            String prefix = "model_adverse_action_reasons_total{model_version=\"v" + v + "\",reason=";
            assertThat(scrape.value(prefix + "\"R_CREDIT_SCORE\"}")).as("v" + v).isEqualTo(3);
            assertThat(scrape.value(prefix + "\"R_INCOME\"}")).as("v" + v).isEqualTo(3);
        }
        assertThat(scrape.value("model_requests_total")).isEqualTo(3 * versions);
    }
}
