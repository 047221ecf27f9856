package org.loanmodel.status;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;

/**
 * A registry holding the service's metrics by their exposed names only, with values a test sets
 * by hand: what the status page reads, without the classes that register them in production.
 * Also registers the metrics of later releases (denial reasons, segments, expected outcomes).
 */
final class ContractMetrics {
    /** Binary fractions, so that interpolated quantiles are exact. */
    static final double[] LATENCY_BUCKETS = {0.25, 0.5, 1};

    final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = counter("model_requests_total");
    private final Counter success = counter("model_success_total");
    private final Counter errors = counter("model_errors_total", "reason");
    private final Histogram latency = Histogram.builder()
            .name("model_prediction_latency_seconds")
            .help("latency")
            .classicUpperBounds(LATENCY_BUCKETS)
            .classicOnly()
            .register(registry);
    private final Counter feedback = counter("model_feedback_total", "outcome", "model_version");
    private final Counter expectedCorrect = counter("model_expected_correct_total");
    private final Histogram labelDelay = Histogram.builder()
            .name("model_label_delay_seconds")
            .help("delay")
            .classicUpperBounds(60, 3600, 86400)
            .classicOnly()
            .register(registry);
    private final Counter driftObservations = counter("model_drift_observations_total", "feature", "bin");
    private final Gauge reference = gauge("model_drift_reference_ratio", "feature", "bin");
    private final Gauge upperBound = gauge("model_drift_bin_upper_bound", "feature", "bin");
    private final Gauge psi = gauge("model_drift_psi", "feature");
    private final Gauge ks = gauge("model_drift_ks", "feature");
    private final Gauge window = gauge("model_drift_window_observations");
    private final Gauge rows = gauge("model_prediction_log_rows");
    private final Gauge depth = gauge("model_prediction_log_queue_depth");
    private final Gauge capacity = gauge("model_prediction_log_queue_capacity");
    private final Counter writeFailures = counter("model_prediction_log_write_failures_total");
    private final Counter committed = counter("model_prediction_log_committed_total");
    private final Map<String, Counter> later = new HashMap<>();
    private Info info;

    private Counter counter(String name, String... labels) {
        return Counter.builder().name(name).help(name).labelNames(labels).register(registry);
    }

    private Gauge gauge(String name, String... labels) {
        return Gauge.builder().name(name).help(name).labelNames(labels).register(registry);
    }

    /** {@code model_info}; with a role, the info metric carries a {@code role} label. */
    ContractMetrics info(String version, String role) {
        if (info == null) {
            info = Info.builder()
                    .name("model_info")
                    .help("model")
                    .labelNames(
                            role == null
                                    ? new String[] {"model_version", "algorithm", "trained_at"}
                                    : new String[] {"model_version", "algorithm", "trained_at", "role"})
                    .register(registry);
        }
        if (role == null) {
            info.addLabelValues(version, "random_forest", "2026-01-02T03:04:05Z");
        } else {
            info.addLabelValues(version, "random_forest", "2026-01-02T03:04:05Z", role);
        }
        return this;
    }

    ContractMetrics requests(double answered, String errorReason, double failed) {
        requests.inc(answered + failed);
        success.inc(answered);
        if (failed > 0) {
            errors.labelValues(errorReason).inc(failed);
        }
        return this;
    }

    ContractMetrics latency(double... seconds) {
        for (double value : seconds) {
            latency.observe(value);
        }
        return this;
    }

    ContractMetrics feedback(String version, double tp, double fp, double tn, double fn) {
        feedback.labelValues("tp", version).inc(tp);
        feedback.labelValues("fp", version).inc(fp);
        feedback.labelValues("tn", version).inc(tn);
        feedback.labelValues("fn", version).inc(fn);
        return this;
    }

    ContractMetrics expectedCorrect(double value) {
        expectedCorrect.inc(value);
        return this;
    }

    ContractMetrics labelDelay(double... seconds) {
        for (double value : seconds) {
            labelDelay.observe(value);
        }
        return this;
    }

    /** A signal's bins: reference shares, counts since start, upper bounds (+Inf last), PSI and KS. */
    ContractMetrics drift(String feature, double psiValue, double ksValue, double[] shares, double[] counts) {
        for (int bin = 0; bin < shares.length; bin++) {
            String label = Integer.toString(bin);
            reference.labelValues(feature, label).set(shares[bin]);
            upperBound
                    .labelValues(feature, label)
                    .set(bin == shares.length - 1 ? Double.POSITIVE_INFINITY : 10 * (bin + 1));
            driftObservations.labelValues(feature, label).inc(counts[bin]);
        }
        psi.labelValues(feature).set(psiValue);
        ks.labelValues(feature).set(ksValue);
        return this;
    }

    ContractMetrics driftWindow(double observations) {
        window.set(observations);
        return this;
    }

    ContractMetrics log(double rowCount, double queued, double queueCapacity) {
        rows.set(rowCount);
        depth.set(queued);
        capacity.set(queueCapacity);
        return this;
    }

    ContractMetrics logFailures(double failures) {
        writeFailures.inc(failures);
        return this;
    }

    ContractMetrics committed(double decisions) {
        committed.inc(decisions);
        return this;
    }

    /** {@code model_adverse_action_reasons_total{model_version,reason}}, a later release's metric. */
    ContractMetrics denialReason(String version, String reason, double count) {
        later("model_adverse_action_reasons_total", "model_version", "reason")
                .labelValues(version, reason)
                .inc(count);
        return this;
    }

    /** {@code model_segment_decisions_total{segment,group,class}}, a later release's metric. */
    ContractMetrics segmentDecisions(String segment, String group, double approved, double rejected) {
        Counter decisions = later("model_segment_decisions_total", "segment", "group", "class");
        decisions.labelValues(segment, group, "1").inc(approved);
        decisions.labelValues(segment, group, "0").inc(rejected);
        return this;
    }

    /** {@code model_expected_outcome_total{model_version,outcome}}, the expected confusion counters. */
    ContractMetrics expected(String cell, double value) {
        later("model_expected_outcome_total", "model_version", "outcome")
                .labelValues("aaaaaaaaaaaa", cell)
                .inc(value);
        return this;
    }

    private Counter later(String name, String... labels) {
        return later.computeIfAbsent(name, n -> counter(n, labels));
    }
}
