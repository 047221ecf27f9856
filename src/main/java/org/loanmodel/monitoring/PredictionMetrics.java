package org.loanmodel.monitoring;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.List;
import org.loanmodel.model.ConfusionCell;
import org.loanmodel.model.Decision;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.Reason;

/**
 * What prediction requests did: the original system's request, success, error, latency, value,
 * class and feature metrics, and the model's expected number of correct decisions and expected
 * confusion matrix.
 *
 * <p>Recording allocates nothing: every data point is looked up once, here.
 */
public final class PredictionMetrics {
    /** Latency buckets from 50 µs to 1 s: the service answers in microseconds. */
    private static final double[] LATENCY_BUCKETS = {
        0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1
    };
    /** Approval probabilities in 0.1-wide buckets. */
    private static final double[] PROBABILITY_BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    /** Why a prediction request failed: the values of {@code model_errors_total{reason}}. */
    public enum Failure {
        /** The request was refused before it reached the model: bad body, media type or size. */
        INVALID_INPUT("invalid_input"),
        /** The prediction log was too far behind to accept the decision. */
        OVERLOADED("overloaded"),
        /** The prediction log could not store the decision. */
        LOG_UNAVAILABLE("log_unavailable"),
        /** The service failed for a reason of its own. */
        INTERNAL("internal");

        private final String label;

        Failure(String label) {
            this.label = label;
        }
    }

    private final CounterDataPoint requests;
    private final CounterDataPoint success;
    private final CounterDataPoint[] failures = new CounterDataPoint[Failure.values().length];
    private final DistributionDataPoint latency;
    private final DistributionDataPoint probabilities;
    private final CounterDataPoint[] byClass = new CounterDataPoint[2];
    private final ReasonTally.Series reasons;
    private final CounterDataPoint expectedCorrect;
    private final CounterDataPoint[] expectedOutcomes = new CounterDataPoint[ConfusionCell.values().length];
    private final GaugeDataPoint[] featureValues;

    PredictionMetrics(MetricBuilders metrics, FeatureSchema schema, String servedVersion) {
        requests = metrics.counter("model_requests_total", "Prediction requests received.");
        success = metrics.counter("model_success_total", "Prediction requests answered with a decision.");
        Counter errors = metrics.counter("model_errors_total", "Prediction requests that failed, by reason.", "reason");
        for (Failure failure : Failure.values()) {
            failures[failure.ordinal()] = errors.labelValues(failure.label);
        }
        latency = metrics.histogram(
                "model_prediction_latency_seconds",
                "Time from receiving a prediction request to having its answer.",
                LATENCY_BUCKETS);
        probabilities = metrics.classicHistogram(
                "model_prediction_values",
                "Distribution of the approval probabilities the model returned.",
                PROBABILITY_BUCKETS);
        Counter classes = metrics.counter(
                "model_predictions_by_class_total", "Decisions by class: 1 approved, 0 rejected.", "class");
        reasons = new ReasonTally.Series(metrics.counter(
                "model_adverse_action_reasons_total",
                "Principal reasons given for denials, by model version and reason code (codes from the schema).",
                "model_version",
                "reason"));
        byClass[0] = classes.labelValues("0");
        byClass[1] = classes.labelValues("1");
        featureValues = new GaugeDataPoint[schema.size()];
        for (int i = 0; i < featureValues.length; i++) {
            String name = schema.name(i);
            featureValues[i] = metrics.gauge(
                    "model_feature_" + name,
                    "Value of feature '" + name + "' in the latest prediction request (per process).");
        }
        expectedCorrect = metrics.counter(
                "model_expected_correct_total",
                "Sum over decisions of the model's confidence max(p, 1-p): the number of correct decisions the"
                        + " model expects, before labels arrive.");
        Counter expected = metrics.counter(
                "model_expected_outcome_total",
                "The confusion matrix the model expects from its own probabilities, before labels arrive: each"
                        + " decision with probability p adds p to tp and 1-p to fp when approved, 1-p to tn and p to fn"
                        + " when denied.",
                "model_version",
                "outcome");
        for (ConfusionCell cell : ConfusionCell.values()) {
            expectedOutcomes[cell.ordinal()] = expected.labelValues(servedVersion, cell.code());
        }
    }

    /**
     * Makes the reason series a model version's denials can name ({@code codes}), at zero. Counted
     * denials then always find their series among those known: the warm-up's metrics had found
     * theirs for a million requests, and the real ones adding their first after {@code /ready} threw
     * away the compiled recording of every decision (BENCHMARKS.md, cold start).
     */
    public void prepareReasons(String version, List<String> codes) {
        for (String code : codes) {
            reasons.of(version, code);
        }
    }

    /**
     * One answered prediction.
     *
     * @param latencySeconds from the request's arrival to its answer
     */
    public void recordDecision(LoanApplication application, Decision decision, double latencySeconds) {
        recordDecisions(List.of(application), List.of(decision), latencySeconds);
    }

    /**
     * The rows of one answered request, each counted as one prediction, exactly as that many
     * single requests in the same order would count: every counter moves once per batch by the
     * batch's total per label, the histograms observe every row, and the feature gauges hold the
     * last row.
     *
     * @param applications the rows, in request order
     * @param decisions the decision of each row, same order
     * @param latencySeconds from the request's arrival to its answer, the same for every row
     */
    public void recordDecisions(List<LoanApplication> applications, List<Decision> decisions, double latencySeconds) {
        int rows = decisions.size();
        if (rows == 0) {
            return;
        }
        long approved = 0;
        // Summed in row order from 0, as the counters' own adders would sum them one by one.
        double correct = 0;
        double[] expected = new double[expectedOutcomes.length];
        ReasonTally reasonCounts = new ReasonTally();
        for (Decision decision : decisions) {
            double probability = decision.probability();
            latency.observe(latencySeconds);
            probabilities.observe(probability);
            correct += Math.max(probability, 1 - probability);
            if (decision.approvalStatus() == 1) {
                approved++;
                expected[ConfusionCell.TRUE_POSITIVE.ordinal()] += probability;
                expected[ConfusionCell.FALSE_POSITIVE.ordinal()] += 1 - probability;
            } else {
                expected[ConfusionCell.TRUE_NEGATIVE.ordinal()] += 1 - probability;
                expected[ConfusionCell.FALSE_NEGATIVE.ordinal()] += probability;
            }
            for (Reason reason : decision.reasons()) {
                reasonCounts.add(decision.modelVersion(), reason.code());
            }
        }
        requests.inc(rows);
        success.inc(rows);
        if (approved > 0) {
            byClass[1].inc(approved);
        }
        if (approved < rows) {
            byClass[0].inc(rows - approved);
        }
        expectedCorrect.inc(correct);
        for (int cell = 0; cell < expected.length; cell++) {
            expectedOutcomes[cell].inc(expected[cell]);
        }
        reasonCounts.report(reasons);
        LoanApplication latest = applications.get(applications.size() - 1);
        for (int i = 0; i < featureValues.length; i++) {
            featureValues[i].set(latest.value(i));
        }
    }

    /** One prediction request that got no decision. */
    public void recordFailed(Failure failure) {
        recordFailed(failure, 1);
    }

    /** The rows of a request that got no decision, each counted as one failed prediction. */
    public void recordFailed(Failure failure, int rows) {
        requests.inc(rows);
        failures[failure.ordinal()].inc(rows);
    }
}
