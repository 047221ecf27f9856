package org.loanmodel.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * Traffic and latency: totals since start from the registry, the rest from the sampler's last
 * fifteen minutes. "Now" means the last minute.
 *
 * @param windowSeconds seconds of history in {@code series}
 * @param firstSecond epoch second of the first value of each series; one value per second
 * @param requestsTotal {@code model_requests_total} since start
 * @param errorsTotal {@code model_errors_total} since start, all reasons
 * @param requestsInWindow requests in the fifteen minutes
 * @param errorsInWindow errors in the fifteen minutes
 * @param requestsPerSecond mean over the last minute
 * @param errorsPerSecond mean over the last minute
 * @param p50Seconds median latency over the last minute
 * @param p99Seconds 99th percentile latency over the last minute
 * @param serverErrorRatio5m errors other than invalid input per request over the last five minutes
 * @param p99Seconds5m 99th percentile latency over the last five minutes
 * @param failedSamples samples the sampler could not take since start
 * @param series one value per second (null where nothing was sampled)
 */
public record TrafficStatus(
        int windowSeconds,
        long firstSecond,
        Double requestsTotal,
        Double errorsTotal,
        Double requestsInWindow,
        Double errorsInWindow,
        Double requestsPerSecond,
        Double errorsPerSecond,
        Double p50Seconds,
        Double p99Seconds,
        @JsonProperty("server_error_ratio_5m") Double serverErrorRatio5m,
        @JsonProperty("p99_seconds_5m") Double p99Seconds5m,
        long failedSamples,
        Series series) {
    static final int NOW_SECONDS = 60;
    static final int RECENT_SECONDS = 300;

    /**
     * Per-second series for the charts.
     *
     * @param requestsPerSecond requests in each second
     * @param errorsPerSecond errors in each second
     * @param p50Seconds median latency of each second's requests
     * @param p99Seconds 99th percentile latency of each second's requests
     */
    public record Series(
            List<Double> requestsPerSecond,
            List<Double> errorsPerSecond,
            List<Double> p50Seconds,
            List<Double> p99Seconds) {}

    static TrafficStatus read(MetricReader metrics, TrafficHistory history, long failedSamples) {
        int all = history.seconds();
        return new TrafficStatus(
                all,
                history.firstSecond(),
                Values.known(metrics.sum(TrafficSampler.REQUESTS)),
                Values.known(metrics.sum(TrafficSampler.ERRORS)),
                history.sum(TrafficHistory.REQUESTS, all),
                history.sum(TrafficHistory.ERRORS, all),
                Values.known(history.perSecond(TrafficHistory.REQUESTS, NOW_SECONDS)),
                Values.known(history.perSecond(TrafficHistory.ERRORS, NOW_SECONDS)),
                Values.known(history.latencyQuantile(0.5, NOW_SECONDS)),
                Values.known(history.latencyQuantile(0.99, NOW_SECONDS)),
                Values.ratio(
                        history.sum(TrafficHistory.SERVER_ERRORS, RECENT_SECONDS),
                        history.sum(TrafficHistory.REQUESTS, RECENT_SECONDS)),
                Values.known(history.latencyQuantile(0.99, RECENT_SECONDS)),
                failedSamples,
                new Series(
                        list(history.window()[TrafficHistory.REQUESTS]),
                        list(history.window()[TrafficHistory.ERRORS]),
                        list(history.latencyQuantiles(0.5)),
                        list(history.latencyQuantiles(0.99))));
    }

    private static List<Double> list(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(Values.known(value));
        }
        return list;
    }
}
