package org.loanmodel.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.testing.MutableClock;

/** Each warning's exact sentence, and the thresholds of the alert rules at their edges. */
class WarningsTest {
    private static final String VERSION = "aaaaaaaaaaaa";

    private final ContractMetrics metrics = new ContractMetrics();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final TrafficSampler sampler = new TrafficSampler(metrics.registry, clock);

    private List<Warning> warnings() {
        return new StatusService(metrics.registry, sampler, clock).report().warnings();
    }

    private List<String> messages() {
        return warnings().stream().map(Warning::message).toList();
    }

    private ContractMetrics drift(String feature, double psi) {
        return metrics.drift(feature, psi, 0.1, new double[] {0.5, 0.5}, new double[] {50, 50});
    }

    @Test
    void aDriftedFeatureIsNamedWithItsPsi() {
        drift("income", 0.4123)
                .drift("age", 0.05, 0.01, new double[] {1}, new double[] {1})
                .driftWindow(400);

        assertThat(warnings())
                .containsExactly(new Warning(
                        "feature_drift", "income", "income has drifted: PSI 0.41 against the training data"));
    }

    @Test
    void driftWarnsAboveTheAlertsPsiOnlyWithTheAlertsMinimumOfObservations() {
        drift("age", 0.25);
        drift("income", 0.2501);
        metrics.driftWindow(99);
        assertThat(warnings()).isEmpty();

        metrics.driftWindow(100);

        assertThat(messages()).containsExactly("income has drifted: PSI 0.25 against the training data");
    }

    @Test
    void driftedPredictionScoresAreSaidApartFromFeatures() {
        drift("prediction_score", 0.61).driftWindow(500);

        assertThat(warnings())
                .containsExactly(new Warning(
                        "prediction_drift",
                        "prediction_score",
                        "the model's scores have drifted: PSI 0.61 against the scores on the training data"));
    }

    @Test
    void lowAccuracyWarnsPerModelVersionOnceThereAreFiftyLabels() {
        metrics.feedback(VERSION, 20, 6, 19, 4); // 49 labels, 79.6 %
        assertThat(warnings()).isEmpty();

        metrics.feedback(VERSION, 0, 1, 0, 0); // 50 labels, 78.0 %

        assertThat(warnings())
                .containsExactly(new Warning(
                        "accuracy_low",
                        VERSION,
                        "model aaaaaaaaaaaa is right on 78.0 % of 50 labelled decisions (alert below 80.0 %)"));
    }

    @Test
    void accuracyOfExactlyEightyPercentDoesNotWarn() {
        metrics.feedback(VERSION, 20, 5, 20, 5);

        assertThat(warnings()).isEmpty();
    }

    @Test
    void serverSideErrorsAboveOnePercentWarnButInvalidInputDoesNot() {
        sampler.sample();
        metrics.requests(98, "invalid_input", 50);
        clock.advance(Duration.ofSeconds(1));
        sampler.sample();
        metrics.requests(50, "log_unavailable", 2);
        clock.advance(Duration.ofSeconds(1));
        sampler.sample();
        // 2 server-side errors in 200 requests: exactly the limit.
        assertThat(warnings()).isEmpty();

        metrics.requests(0, "internal", 1);
        clock.advance(Duration.ofSeconds(1));
        sampler.sample();

        assertThat(warnings())
                .containsExactly(new Warning(
                        "error_ratio_high",
                        null,
                        "1.5 % of prediction requests failed on the server's side in the last 5 minutes (alert"
                                + " above 1.0 %)"));
    }

    @Test
    void slowPredictionsWarnWithTheirP99() {
        sampler.sample();
        metrics.requests(4, null, 0).latency(0.3, 0.3, 0.3, 0.3);
        clock.advance(Duration.ofSeconds(1));
        sampler.sample();

        assertThat(warnings())
                .containsExactly(new Warning(
                        "latency_high",
                        null,
                        "99 % of predictions took up to 497.5 ms in the last 5 minutes (alert above 50.0 ms)"));
    }

    @Test
    void logWriteFailuresInTheLastFiveMinutesWarn() {
        sampler.sample();
        metrics.logFailures(3);
        clock.advance(Duration.ofSeconds(1));
        sampler.sample();
        assertThat(messages()).containsExactly("prediction log writes are failing: 3 failed in the last 5 minutes");

        for (int second = 0; second < 300; second++) {
            clock.advance(Duration.ofSeconds(1));
            sampler.sample();
        }

        assertThat(warnings()).isEmpty();
    }

    @Test
    void aQueueOverNinetyPercentFullWarns() {
        metrics.log(10, 900, 1000);
        assertThat(warnings()).isEmpty();

        metrics.log(10, 61000, 65536);

        assertThat(messages())
                .containsExactly("the prediction log queue is 93.1 % full (61,000 of 65,536); new predictions are"
                        + " refused when it is full");
    }

    @Test
    void aGroupApprovedAtLessThanFourFifthsOfTheBestWarns() {
        metrics.segmentDecisions("age_band", "18-25", 47, 53).segmentDecisions("age_band", "26-60", 60, 40);

        assertThat(warnings())
                .containsExactly(new Warning(
                        "adverse_impact",
                        "age_band",
                        "in segment age_band, group 18-25 is approved at 0.78 times the rate of the most approved"
                                + " group (below the four-fifths rule)"));
    }

    @Test
    void fourFifthsExactlyDoesNotWarn() {
        metrics.segmentDecisions("age_band", "18-25", 48, 52).segmentDecisions("age_band", "26-60", 60, 40);

        assertThat(warnings()).isEmpty();
    }
}
