package org.loanmodel.monitoring;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.loanmodel.ledger.LedgerListener;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.model.Bins;
import org.loanmodel.model.ConfusionCell;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;

/**
 * Every Prometheus metric of the service, defined in one place, with intent-level calls for the
 * code that has something to report.
 *
 * <p>The original system's names keep their meaning ({@code model_requests_total}, {@code
 * model_accuracy}, {@code model_feature_age}, ...). What dashboards and alerts aggregate across
 * replicas are counters and histograms; gauges are per process. Label values come only from the
 * schema, the model's own version and fixed enums, never from a request.
 */
public final class ServingMetrics implements DriftMonitor.BinCounter, LedgerListener {
    /** Latency buckets from 50 µs to 1 s: the service answers in microseconds. */
    private static final double[] LATENCY_BUCKETS = {
        0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1
    };
    /** Label delay buckets from one minute to 90 days: ground truth arrives days later. */
    private static final double[] LABEL_DELAY_BUCKETS = {
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

    private static final double[] COMMIT_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{12}");

    /** Why a prediction request failed: the values of {@code model_errors_total{reason}}. */
    public enum ErrorReason {
        INVALID_INPUT("invalid_input"),
        OVERLOADED("overloaded"),
        LOG_UNAVAILABLE("log_unavailable"),
        INTERNAL("internal");

        private final String label;

        ErrorReason(String label) {
            this.label = label;
        }
    }

    /** Why feedback was refused: the values of {@code model_feedback_rejected_total{reason}}. */
    public enum FeedbackRejection {
        INVALID_INPUT("invalid_input"),
        UNKNOWN_PREDICTION("unknown_prediction"),
        CONFLICT("conflict"),
        LOG_UNAVAILABLE("log_unavailable");

        private final String label;

        FeedbackRejection(String label) {
            this.label = label;
        }
    }

    private final PrometheusRegistry registry;
    private final String modelVersion;
    private final CounterDataPoint requests;
    private final CounterDataPoint success;
    private final Map<ErrorReason, CounterDataPoint> errors = new EnumMap<>(ErrorReason.class);
    private final DistributionDataPoint latency;
    private final DistributionDataPoint predictionValues;
    private final CounterDataPoint[] byClass = new CounterDataPoint[2];
    private final Gauge[] featureValues;
    private final CounterDataPoint expectedCorrect;
    private final Gauge accuracy;
    private final Counter feedback;
    private final Map<String, CounterDataPoint[]> feedbackByVersion = new ConcurrentHashMap<>();
    private final CounterDataPoint[] unverifiedFeedback = new CounterDataPoint[ConfusionCell.values().length];
    private final CounterDataPoint duplicates;
    private final CounterDataPoint mismatches;
    private final Map<FeedbackRejection, CounterDataPoint> rejections = new EnumMap<>(FeedbackRejection.class);
    private final DistributionDataPoint labelDelay;
    private final CounterDataPoint[][] driftBins;
    private final CounterDataPoint logCommitted;
    private final CounterDataPoint logWriteFailures;
    private final CounterDataPoint logRejected;
    private final Counter logDeleted;
    private final DistributionDataPoint logCommitSeconds;

    /**
     * Registers every metric, JVM and process metrics included, and publishes the model's identity
     * and reference profile.
     */
    public ServingMetrics(PrometheusRegistry registry, LoanModel model) {
        this.registry = registry;
        this.modelVersion = model.version();
        // Counters, gauges and histograms carry no exemplars: no tracer supplies span ids to them, and
        // sampling candidates cost 3-5% of the event loop under load (BENCHMARKS.md).
        JvmMetrics.builder().register(registry);

        Info.builder()
                .name("model_info")
                .help("The model being served; value is always 1.")
                .labelNames("model_version", "algorithm", "trained_at")
                .register(registry)
                .setLabelValues(
                        model.version(),
                        model.metadata().algorithm(),
                        model.metadata().createdAt());

        requests = counter("model_requests_total", "Prediction requests received.");
        success = counter("model_success_total", "Prediction requests answered with a decision.");
        Counter errorCounter = Counter.builder()
                .withoutExemplars()
                .name("model_errors_total")
                .help("Prediction requests that failed, by reason.")
                .labelNames("reason")
                .register(registry);
        for (ErrorReason reason : ErrorReason.values()) {
            errors.put(reason, errorCounter.labelValues(reason.label));
        }
        latency = Histogram.builder()
                .withoutExemplars()
                .name("model_prediction_latency_seconds")
                .help("Time from receiving a prediction request to having its answer.")
                .classicUpperBounds(LATENCY_BUCKETS)
                .register(registry);
        predictionValues = Histogram.builder()
                .withoutExemplars()
                .name("model_prediction_values")
                .help("Distribution of the approval probabilities the model returned.")
                .classicLinearUpperBounds(0.1, 0.1, 10)
                .classicOnly()
                .register(registry);
        Counter classes = Counter.builder()
                .withoutExemplars()
                .name("model_predictions_by_class_total")
                .help("Decisions by class: 1 approved, 0 rejected.")
                .labelNames("class")
                .register(registry);
        byClass[0] = classes.labelValues("0");
        byClass[1] = classes.labelValues("1");
        featureValues = featureGauges(model.metadata().schema());
        expectedCorrect = counter(
                "model_expected_correct_total",
                "Sum over decisions of the model's confidence max(p, 1-p): the number of correct decisions the"
                        + " model expects, before labels arrive.");

        accuracy = Gauge.builder()
                .withoutExemplars()
                .name("model_accuracy")
                .help("Accuracy over the most recent feedbacks (rolling window, per process).")
                .register(registry);
        accuracy.set(Double.NaN);
        feedback = Counter.builder()
                .withoutExemplars()
                .name("model_feedback_total")
                .help("Outcomes joined to logged decisions, by confusion cell and model version; counted once per"
                        + " prediction.")
                .labelNames("outcome", "model_version")
                .register(registry);
        feedbackCells(modelVersion);
        Counter unverified = Counter.builder()
                .withoutExemplars()
                .name("model_feedback_unverified_total")
                .help("Outcomes for unknown prediction ids, judged against the client's predicted_outcome.")
                .labelNames("outcome")
                .register(registry);
        for (ConfusionCell cell : ConfusionCell.values()) {
            unverifiedFeedback[cell.ordinal()] = unverified.labelValues(cell.code());
        }
        duplicates = counter(
                "model_feedback_duplicates_total", "Feedback repeated for an already labelled prediction; ignored.");
        mismatches = counter(
                "model_feedback_prediction_mismatch_total",
                "Feedback whose predicted_outcome disagreed with the logged decision; the logged one was used.");
        Counter rejected = Counter.builder()
                .withoutExemplars()
                .name("model_feedback_rejected_total")
                .help("Feedback refused, by reason.")
                .labelNames("reason")
                .register(registry);
        for (FeedbackRejection reason : FeedbackRejection.values()) {
            rejections.put(reason, rejected.labelValues(reason.label));
        }
        labelDelay = Histogram.builder()
                .withoutExemplars()
                .name("model_label_delay_seconds")
                .help("Time from a decision to the arrival of its outcome.")
                .classicUpperBounds(LABEL_DELAY_BUCKETS)
                .classicOnly()
                .register(registry);

        driftBins = driftCounters(model.metadata().reference().signals());

        logCommitted = counter("model_prediction_log_committed_total", "Decisions committed to the prediction log.");
        logWriteFailures = counter(
                "model_prediction_log_write_failures_total",
                "Prediction log commands whose transaction failed (retried when already acknowledged).");
        logRejected = counter(
                "model_prediction_log_rejected_total", "Decisions refused because the prediction log queue was full.");
        logDeleted = Counter.builder()
                .withoutExemplars()
                .name("model_prediction_log_deleted_total")
                .help("Decisions deleted by retention, by reason.")
                .labelNames("reason")
                .register(registry);
        logDeleted.initLabelValues("max_age");
        logDeleted.initLabelValues("max_rows");
        logCommitSeconds = Histogram.builder()
                .withoutExemplars()
                .name("model_prediction_log_commit_seconds")
                .help("Time to write and commit one batch of the prediction log.")
                .classicUpperBounds(COMMIT_BUCKETS)
                .classicOnly()
                .register(registry);
    }

    private CounterDataPoint counter(String name, String help) {
        return Counter.builder().withoutExemplars().name(name).help(help).register(registry);
    }

    private Gauge[] featureGauges(FeatureSchema schema) {
        Gauge[] gauges = new Gauge[schema.size()];
        for (int i = 0; i < gauges.length; i++) {
            String name = schema.name(i);
            gauges[i] = Gauge.builder()
                    .withoutExemplars()
                    .name("model_feature_" + name)
                    .help("Value of feature '" + name + "' in the latest prediction request (per process).")
                    .register(registry);
        }
        return gauges;
    }

    private CounterDataPoint[][] driftCounters(List<Bins> signals) {
        Counter observations = Counter.builder()
                .withoutExemplars()
                .name("model_drift_observations_total")
                .help("Decisions by signal (feature or prediction_score) and frozen reference bin.")
                .labelNames("feature", "bin")
                .register(registry);
        CounterDataPoint[][] points = new CounterDataPoint[signals.size()][];
        for (int signal = 0; signal < signals.size(); signal++) {
            Bins bins = signals.get(signal);
            points[signal] = new CounterDataPoint[bins.count()];
            for (int bin = 0; bin < bins.count(); bin++) {
                points[signal][bin] = observations.labelValues(bins.name(), Integer.toString(bin));
            }
        }
        GaugeWithCallback.builder()
                .name("model_drift_reference_ratio")
                .help("Share of the training data in each reference bin, the baseline of the PSI.")
                .labelNames("feature", "bin")
                .callback(callback -> {
                    for (Bins bins : signals) {
                        for (int bin = 0; bin < bins.count(); bin++) {
                            callback.call(bins.proportions().get(bin), bins.name(), Integer.toString(bin));
                        }
                    }
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("model_drift_bin_upper_bound")
                .help("Exclusive upper edge of each reference bin (+Inf for the last bin).")
                .labelNames("feature", "bin")
                .callback(callback -> {
                    for (Bins bins : signals) {
                        for (int bin = 0; bin < bins.count(); bin++) {
                            double edge = bin < bins.cuts().size() ? bins.cuts().get(bin) : Double.POSITIVE_INFINITY;
                            callback.call(edge, bins.name(), Integer.toString(bin));
                        }
                    }
                })
                .register(registry);
        return points;
    }

    private CounterDataPoint[] feedbackCells(String version) {
        return feedbackByVersion.computeIfAbsent(version, v -> {
            CounterDataPoint[] cells = new CounterDataPoint[ConfusionCell.values().length];
            for (ConfusionCell cell : ConfusionCell.values()) {
                cells[cell.ordinal()] = feedback.labelValues(cell.code(), v);
            }
            return cells;
        });
    }

    /** Publishes the rolling-window quality gauges of {@code quality}. */
    public void watchQuality(QualityMonitor quality) {
        qualityGauge("model_precision", "Precision over the most recent feedbacks (rolling window).", quality, 0);
        qualityGauge("model_recall", "Recall over the most recent feedbacks (rolling window).", quality, 1);
        qualityGauge("model_f1", "F1 score over the most recent feedbacks (rolling window).", quality, 2);
        qualityGauge(
                "model_quality_window_feedbacks",
                "Feedbacks in the rolling window behind model_accuracy and friends.",
                quality,
                3);
    }

    private void qualityGauge(String name, String help, QualityMonitor quality, int which) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .callback(callback -> {
                    QualitySnapshot window = quality.snapshot();
                    callback.call(
                            switch (which) {
                                case 0 -> window.precision();
                                case 1 -> window.recall();
                                case 2 -> window.f1();
                                default -> window.size();
                            });
                })
                .register(registry);
    }

    /** Publishes the sliding-window PSI and KS of {@code drift}. */
    public void watchDrift(DriftMonitor drift) {
        GaugeWithCallback.builder()
                .name("model_drift_psi")
                .help("Population stability index of each signal over this process's sliding window (0.1 warn,"
                        + " 0.25 alert).")
                .labelNames("feature")
                .callback(callback -> drift.snapshot().forEach(s -> callback.call(s.psi(), s.name())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("model_drift_ks")
                .help("Kolmogorov-Smirnov distance of each signal over this process's sliding window, at the"
                        + " reference bin edges.")
                .labelNames("feature")
                .callback(callback -> drift.snapshot().forEach(s -> callback.call(s.ks(), s.name())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("model_drift_window_observations")
                .help("Decisions in the sliding window behind model_drift_psi and model_drift_ks.")
                .callback(callback -> {
                    List<DriftMonitor.SignalDrift> signals = drift.snapshot();
                    callback.call(signals.isEmpty() ? 0 : signals.get(0).observations());
                })
                .register(registry);
    }

    /** Publishes the prediction log's size and queue. */
    public void watchLog(PredictionLog log) {
        GaugeWithCallback.builder()
                .name("model_prediction_log_rows")
                .help("Decisions kept in the prediction log.")
                .callback(callback -> callback.call(log.rows()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("model_prediction_log_queue_depth")
                .help("Decisions waiting to be written to the prediction log.")
                .callback(callback -> callback.call(log.queueDepth()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("model_prediction_log_queue_capacity")
                .help("Decisions that may wait before new predictions are refused with 503.")
                .callback(callback -> callback.call(log.queueCapacity()))
                .register(registry);
    }

    /** One answered prediction. */
    public void recordPrediction(LoanApplication application, double probability, int approval, double seconds) {
        requests.inc();
        success.inc();
        latency.observe(seconds);
        predictionValues.observe(probability);
        byClass[approval].inc();
        expectedCorrect.inc(Math.max(probability, 1 - probability));
        for (int i = 0; i < featureValues.length; i++) {
            featureValues[i].set(application.value(i));
        }
    }

    /** One failed prediction request. */
    public void recordPredictionError(ErrorReason reason) {
        requests.inc();
        errors.get(reason).inc();
    }

    @Override
    public void count(int signal, int bin) {
        driftBins[signal][bin].inc();
    }

    /**
     * One outcome joined to a logged decision for the first time.
     *
     * @param window the rolling window including this outcome
     */
    public void recordFeedback(
            ConfusionCell cell, String decidingVersion, double labelDelaySeconds, QualitySnapshot window) {
        String version = VERSION.matcher(decidingVersion).matches() ? decidingVersion : "unknown";
        feedbackCells(version)[cell.ordinal()].inc();
        labelDelay.observe(Math.max(0, labelDelaySeconds));
        accuracy.set(window.accuracy());
    }

    /** One outcome for an unknown id, taken on the client's word. */
    public void recordUnverifiedFeedback(ConfusionCell cell, QualitySnapshot window) {
        unverifiedFeedback[cell.ordinal()].inc();
        accuracy.set(window.accuracy());
    }

    /** Feedback repeated for an already labelled prediction. */
    public void recordFeedbackDuplicate() {
        duplicates.inc();
    }

    /** Feedback whose predicted_outcome disagreed with the logged decision. */
    public void recordPredictionMismatch() {
        mismatches.inc();
    }

    /** Feedback refused. */
    public void recordFeedbackRejected(FeedbackRejection reason) {
        rejections.get(reason).inc();
    }

    @Override
    public void committed(int records, double seconds) {
        logCommitted.inc(records);
        logCommitSeconds.observe(seconds);
    }

    @Override
    public void writeFailed(int commands) {
        logWriteFailures.inc(commands);
    }

    @Override
    public void deleted(String reason, long rows) {
        logDeleted.labelValues(reason).inc(rows);
    }

    @Override
    public void rejected() {
        logRejected.inc();
    }

    /** The registry the metrics live in, for exposition. */
    public PrometheusRegistry registry() {
        return registry;
    }
}
