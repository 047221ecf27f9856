package org.loanmodel.status;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The prediction log's health, from its gauges and counters.
 *
 * @param rows decisions kept ({@code model_prediction_log_rows})
 * @param queueDepth decisions waiting to be written ({@code model_prediction_log_queue_depth})
 * @param queueCapacity decisions that may wait ({@code model_prediction_log_queue_capacity})
 * @param queueFill depth / capacity
 * @param writeFailuresTotal failed write commands since start ({@code
 *     model_prediction_log_write_failures_total})
 * @param writeFailures5m failed write commands in the last five minutes (from the sampler)
 * @param committedTotal decisions committed since start ({@code model_prediction_log_committed_total})
 */
public record LogStatus(
        Double rows,
        Double queueDepth,
        Double queueCapacity,
        Double queueFill,
        Double writeFailuresTotal,
        @JsonProperty("write_failures_5m") Double writeFailures5m,
        Double committedTotal) {

    static LogStatus read(MetricReader metrics, TrafficHistory history) {
        double depth = metrics.sum("model_prediction_log_queue_depth");
        double capacity = metrics.sum("model_prediction_log_queue_capacity");
        return new LogStatus(
                Values.known(metrics.sum("model_prediction_log_rows")),
                Values.known(depth),
                Values.known(capacity),
                Values.ratio(depth, capacity),
                Values.known(metrics.sum(TrafficSampler.LOG_WRITE_FAILURES)),
                history.sum(TrafficHistory.LOG_WRITE_FAILURES, TrafficStatus.RECENT_SECONDS),
                Values.known(metrics.sum("model_prediction_log_committed_total")));
    }
}
