package org.loanmodel.monitoring;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import org.loanmodel.model.ConfusionCell;

/**
 * What ground truth established: outcomes by confusion cell and deciding model version (the
 * counters PromQL turns into accuracy, precision and recall over any window and across replicas),
 * label delay, duplicates, mismatches, refusals, and this process's rolling-window quality gauges.
 */
public final class FeedbackMetrics {
    /** Label delay buckets from one second to 90 days: ground truth may come at once or days later. */
    private static final double[] LABEL_DELAY_BUCKETS = {
        1,
        5,
        15,
        60,
        300,
        900,
        3600,
        4 * 3600,
        12 * 3600,
        86400,
        2 * 86400,
        4 * 86400,
        7 * 86400,
        14 * 86400,
        30 * 86400,
        60 * 86400,
        90 * 86400
    };
    /** A model version as the service writes it; anything else in the log is labelled {@code unknown}. */
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{12}");

    /** Why feedback was refused: the values of {@code model_feedback_rejected_total{reason}}. */
    public enum Rejection {
        /** The request was refused before it reached the log: bad body, media type or size. */
        INVALID_INPUT("invalid_input"),
        /** The id was never issued and no {@code predicted_outcome} came with it. */
        UNKNOWN_PREDICTION("unknown_prediction"),
        /** The prediction already has a different outcome. */
        CONFLICT("conflict"),
        /** The prediction log could not take or store the outcome. */
        LOG_UNAVAILABLE("log_unavailable");

        private final String label;

        Rejection(String label) {
            this.label = label;
        }
    }

    private final MetricBuilders metrics;
    private final Counter verified;
    private final Map<String, CounterDataPoint[]> verifiedByVersion = new ConcurrentHashMap<>();
    private final CounterDataPoint[] unverified = new CounterDataPoint[ConfusionCell.values().length];
    private final CounterDataPoint duplicates;
    private final CounterDataPoint mismatches;
    private final CounterDataPoint[] rejections = new CounterDataPoint[Rejection.values().length];
    private final DistributionDataPoint labelDelay;

    FeedbackMetrics(MetricBuilders metrics, String servedVersion) {
        this.metrics = metrics;
        verified = metrics.counter(
                "model_feedback_total",
                "Outcomes joined to logged decisions, by confusion cell and model version; counted once per"
                        + " prediction.",
                "outcome",
                "model_version");
        cellsOf(servedVersion);
        Counter unverifiedCounter = metrics.counter(
                "model_feedback_unverified_total",
                "Outcomes for unknown prediction ids, judged against the client's predicted_outcome.",
                "outcome");
        for (ConfusionCell cell : ConfusionCell.values()) {
            unverified[cell.ordinal()] = unverifiedCounter.labelValues(cell.code());
        }
        duplicates = metrics.counter(
                "model_feedback_duplicates_total", "Feedback repeated for an already labelled prediction; ignored.");
        mismatches = metrics.counter(
                "model_feedback_prediction_mismatch_total",
                "Feedback whose predicted_outcome disagreed with the logged decision; the logged one was used.");
        Counter rejected = metrics.counter("model_feedback_rejected_total", "Feedback refused, by reason.", "reason");
        for (Rejection rejection : Rejection.values()) {
            rejections[rejection.ordinal()] = rejected.labelValues(rejection.label);
        }
        labelDelay = metrics.classicHistogram(
                "model_label_delay_seconds",
                "Time from a decision to the arrival of its outcome.",
                LABEL_DELAY_BUCKETS);
    }

    private CounterDataPoint[] cellsOf(String version) {
        return verifiedByVersion.computeIfAbsent(version, v -> {
            CounterDataPoint[] cells = new CounterDataPoint[ConfusionCell.values().length];
            for (ConfusionCell cell : ConfusionCell.values()) {
                cells[cell.ordinal()] = verified.labelValues(cell.code(), v);
            }
            return cells;
        });
    }

    /**
     * Publishes the rolling window of {@code quality}: {@code model_accuracy} (the original
     * system's gauge), precision, recall, F1 and the window's size, read at each scrape.
     */
    public void watch(QualityMonitor quality) {
        windowGauge(
                "model_accuracy",
                "Accuracy over the most recent feedbacks (rolling window, per process).",
                quality,
                QualitySnapshot::accuracy);
        windowGauge(
                "model_precision",
                "Precision over the most recent feedbacks (rolling window).",
                quality,
                QualitySnapshot::precision);
        windowGauge(
                "model_recall",
                "Recall over the most recent feedbacks (rolling window).",
                quality,
                QualitySnapshot::recall);
        windowGauge(
                "model_f1", "F1 score over the most recent feedbacks (rolling window).", quality, QualitySnapshot::f1);
        windowGauge(
                "model_quality_window_feedbacks",
                "Feedbacks in the rolling window behind model_accuracy and friends.",
                quality,
                QualitySnapshot::size);
    }

    private void windowGauge(String name, String help, QualityMonitor quality, ToDoubleFunction<QualitySnapshot> rate) {
        metrics.callbackGauge(name, help, callback -> callback.call(rate.applyAsDouble(quality.snapshot())));
    }

    /**
     * An outcome joined to a logged decision for the first time.
     *
     * @param decidingVersion the version of the model that decided, as logged
     * @param labelDelaySeconds from the decision to its outcome
     */
    public void recordOutcome(ConfusionCell cell, String decidingVersion, double labelDelaySeconds) {
        cellsOf(versionLabel(decidingVersion))[cell.ordinal()].inc();
        labelDelay.observe(Math.max(0, labelDelaySeconds));
    }

    /**
     * The same outcome judged against a challenger's shadow decision for the request: counts under the
     * challenger's version only (the label delay is the champion's decision's, counted once).
     */
    public void recordChallengerOutcome(ConfusionCell cell, String challengerVersion) {
        cellsOf(versionLabel(challengerVersion))[cell.ordinal()].inc();
    }

    /** A logged model version as a label value: as written by the service, else {@code unknown}. */
    static String versionLabel(String decidingVersion) {
        return decidingVersion != null && VERSION.matcher(decidingVersion).matches() ? decidingVersion : "unknown";
    }

    /** An outcome for an id this service never issued, judged against the client's predicted_outcome. */
    public void recordUnverifiedOutcome(ConfusionCell cell) {
        unverified[cell.ordinal()].inc();
    }

    /** The same outcome again for an already labelled prediction; nothing else changed. */
    public void recordDuplicate() {
        duplicates.inc();
    }

    /** The client's predicted_outcome disagreed with the logged decision. */
    public void recordMismatch() {
        mismatches.inc();
    }

    /** Feedback refused. */
    public void recordRejected(Rejection rejection) {
        rejections[rejection.ordinal()].inc();
    }
}
