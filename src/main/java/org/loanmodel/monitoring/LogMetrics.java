package org.loanmodel.monitoring;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import org.loanmodel.ledger.LedgerListener;
import org.loanmodel.ledger.PredictionLog;

/**
 * What the prediction log does: commits and their duration, failed transactions, refusals when
 * its queue is full, retention deletes, and its size and queue read at each scrape.
 */
public final class LogMetrics implements LedgerListener {
    private static final double[] COMMIT_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};

    private final MetricBuilders metrics;
    private final CounterDataPoint committed;
    private final CounterDataPoint writeFailures;
    private final CounterDataPoint rejected;
    private final CounterDataPoint refused;
    private final Counter deleted;
    private final DistributionDataPoint commitSeconds;

    LogMetrics(MetricBuilders metrics) {
        this.metrics = metrics;
        committed =
                metrics.counter("model_prediction_log_committed_total", "Decisions committed to the prediction log.");
        writeFailures = metrics.counter(
                "model_prediction_log_write_failures_total",
                "Prediction log commands whose transaction failed (retried when already acknowledged).");
        rejected = metrics.counter(
                "model_prediction_log_rejected_total", "Decisions refused because the prediction log queue was full.");
        refused = metrics.counter(
                "model_prediction_log_refused_total",
                "Acknowledged decisions not stored because the database refuses their values (each logged by id).");
        deleted = metrics.counter(
                "model_prediction_log_deleted_total", "Decisions deleted by retention, by reason.", "reason");
        deleted.initLabelValues("max_age");
        deleted.initLabelValues("max_rows");
        commitSeconds = metrics.classicHistogram(
                "model_prediction_log_commit_seconds",
                "Time to write and commit one batch of the prediction log.",
                COMMIT_BUCKETS);
    }

    /** Publishes the size and queue of {@code log}, read at each scrape. */
    public void watch(PredictionLog log) {
        metrics.callbackGauge(
                "model_prediction_log_rows",
                "Decisions kept in the prediction log.",
                callback -> callback.call(log.backlog().rows()));
        metrics.callbackGauge(
                "model_prediction_log_queue_depth",
                "Decisions waiting to be written to the prediction log.",
                callback -> callback.call(log.backlog().queueDepth()));
        metrics.callbackGauge(
                "model_prediction_log_queue_capacity",
                "Decisions that may wait before new predictions are refused with 503.",
                callback -> callback.call(log.backlog().queueCapacity()));
    }

    @Override
    public void committed(int records, double seconds) {
        committed.inc(records);
        commitSeconds.observe(seconds);
    }

    @Override
    public void writeFailed(int commands) {
        writeFailures.inc(commands);
    }

    @Override
    public void deleted(String reason, long rows) {
        deleted.labelValues(reason).inc(rows);
    }

    @Override
    public void rejected(int decisions) {
        rejected.inc(decisions);
    }

    @Override
    public void refused(int decisions) {
        refused.inc(decisions);
    }
}
