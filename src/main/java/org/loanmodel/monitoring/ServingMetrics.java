package org.loanmodel.monitoring;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.loanmodel.model.LoanModel;
import org.loanmodel.segments.Segments;

/**
 * Every Prometheus metric of the service, built in one place from one registry, and handed out by
 * concern: {@link #predictions()}, {@link #feedback()}, {@link #drift()}, {@link #log()}, {@link
 * #segments()}, {@link #inputs()} and {@link #overrides()}, each with intent-level calls for the
 * code that has something to report.
 *
 * <p>The original system's names keep their meaning ({@code model_requests_total}, {@code
 * model_accuracy}, {@code model_feature_age}, ...). What dashboards and alerts aggregate across
 * replicas are counters and histograms; gauges are per process. Label values come only from the
 * schema, the model's own version and fixed enums, never from a request. Every metric is defined
 * through {@link MetricBuilders}, which states the defaults.
 *
 * <p>Example: {@code ServingMetrics metrics = new ServingMetrics(new PrometheusRegistry(), model);
 * metrics.predictions().recordDecision(application, decision, seconds);}
 */
public final class ServingMetrics {
    private final PrometheusRegistry registry;
    private final PredictionMetrics predictions;
    private final ChallengerMetrics challengers;
    private final FeedbackMetrics feedback;
    private final DriftMetrics drift;
    private final LogMetrics log;
    private final SegmentMetrics segments;
    private final InputQualityMetrics inputs;
    private final OverrideMetrics overrides;

    /** The metrics of a service that monitors no segments. */
    public ServingMetrics(PrometheusRegistry registry, LoanModel model) {
        this(registry, model, Segments.none());
    }

    /**
     * Registers every metric, JVM and process metrics included, and publishes the model's identity
     * and reference profile. The rolling-window gauges appear once their sources are watched: {@link
     * FeedbackMetrics#watch}, {@link DriftMetrics#watch}, {@link LogMetrics#watch}.
     *
     * @param segments the segments whose groups decisions and outcomes are counted by
     */
    public ServingMetrics(PrometheusRegistry registry, LoanModel model, Segments segments) {
        this(registry, model, segments, true);
    }

    /**
     * The same metrics without the JVM and process ones, for a registry that is thrown away after
     * use: client_java keeps every registry it registered JVM metrics with, and their GC listeners,
     * for the life of the process.
     */
    public static ServingMetrics withoutJvmMetrics(PrometheusRegistry registry, LoanModel model, Segments segments) {
        return new ServingMetrics(registry, model, segments, false);
    }

    private ServingMetrics(PrometheusRegistry registry, LoanModel model, Segments segments, boolean jvm) {
        this.registry = registry;
        MetricBuilders metrics = new MetricBuilders(registry);
        if (jvm) {
            JvmMetrics.builder().register(registry);
        }
        Info info = metrics.info(
                "model_info", "The model being served; value is always 1.", "model_version", "algorithm", "trained_at");
        String[] champion = {
            model.version(), model.metadata().algorithm(), model.metadata().createdAt()
        };
        info.setLabelValues(champion);
        challengers = new ChallengerMetrics(metrics, info, champion);
        predictions = new PredictionMetrics(metrics, model.schema(), model.version());
        feedback = new FeedbackMetrics(metrics, model.version());
        drift = new DriftMetrics(metrics, model.metadata().reference());
        log = new LogMetrics(metrics);
        this.segments = new SegmentMetrics(metrics, segments, model.version());
        inputs = new InputQualityMetrics(
                metrics, model.schema(), model.metadata().reference());
        overrides = new OverrideMetrics(metrics, model.version());
    }

    /** Challengers: agreement with the champion, and which model is champion. */
    public ChallengerMetrics challengers() {
        return challengers;
    }

    /** Prediction requests: decisions, failures, latency, features. */
    public PredictionMetrics predictions() {
        return predictions;
    }

    /** Ground truth: outcomes, label delay, refusals, rolling-window quality. */
    public FeedbackMetrics feedback() {
        return feedback;
    }

    /** Drift against the reference bins. */
    public DriftMetrics drift() {
        return drift;
    }

    /** The prediction log, as its listener. */
    public LogMetrics log() {
        return log;
    }

    /** Fair lending: decisions and outcomes by segment and group. */
    public SegmentMetrics segments() {
        return segments;
    }

    /** Data quality: inputs beyond the training data's range or codes, and absent ones. */
    public InputQualityMetrics inputs() {
        return inputs;
    }

    /** Human review: final decisions and how they overrule the model. */
    public OverrideMetrics overrides() {
        return overrides;
    }

    /** The registry the metrics live in, for exposition. */
    public PrometheusRegistry registry() {
        return registry;
    }
}
