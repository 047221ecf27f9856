package org.loanmodel.status;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the traffic counters from the registry on every {@link #sample()} (once a second, see
 * {@link SamplerThread}) and keeps their per-second increase over the last {@link #WINDOW_SECONDS}
 * seconds in a {@link SecondRing}: requests, errors, server-side errors, prediction log write
 * failures and each latency bucket. Thread-safe.
 *
 * <p>The first sample is the baseline. When samples are more than a second apart (a late timer),
 * the increase is spread over the seconds in between, whole counts first, so totals stay exact; a
 * counter that went down restarted, and its new value is the increase.
 */
public final class TrafficSampler {
    /** Seconds of history kept: fifteen minutes. */
    public static final int WINDOW_SECONDS = 900;

    private static final Logger LOG = LoggerFactory.getLogger(TrafficSampler.class);
    static final String REQUESTS = "model_requests_total";
    static final String ERRORS = "model_errors_total";
    static final String LATENCY = "model_prediction_latency_seconds";
    static final String LOG_WRITE_FAILURES = "model_prediction_log_write_failures_total";
    /** The one error reason that is the client's mistake, as in the error-ratio alert. */
    static final String CLIENT_ERROR = "invalid_input";

    private static final Set<String> SAMPLED = Set.of(REQUESTS, ERRORS, LATENCY, LOG_WRITE_FAILURES);

    private final PrometheusRegistry registry;
    private final Clock clock;
    private final int capacity;
    private SecondRing ring;
    private double[] latencyBounds;
    private double[] previous;
    private long previousSecond;
    private long failedSamples;

    /** A sampler with {@link #WINDOW_SECONDS} seconds of history. */
    public TrafficSampler(PrometheusRegistry registry, Clock clock) {
        this(registry, clock, WINDOW_SECONDS);
    }

    TrafficSampler(PrometheusRegistry registry, Clock clock, int capacity) {
        this.registry = registry;
        this.clock = clock;
        this.capacity = capacity;
    }

    /**
     * Reads the registry and stores the increase since the previous sample. A failing read is
     * logged and counted ({@link #failedSamples()}); the next sample is a new baseline.
     */
    public synchronized void sample() {
        double[] current;
        try {
            current = read(MetricReader.of(registry.scrape(MetricReader.only(SAMPLED))));
        } catch (RuntimeException e) {
            failedSamples++;
            previous = null;
            LOG.error("status sampler could not read the metrics registry: {}", e.toString());
            return;
        }
        store(clock.instant().getEpochSecond(), current);
    }

    private double[] read(MetricReader metrics) {
        MetricReader.Buckets latency = metrics.buckets(LATENCY);
        double[] bounds = latency == null ? new double[0] : latency.upperBounds();
        if (!Arrays.equals(bounds, latencyBounds)) {
            latencyBounds = bounds;
            ring = null;
        }
        double[] values = new double[TrafficHistory.LATENCY + bounds.length];
        values[TrafficHistory.REQUESTS] = orZero(metrics.sum(REQUESTS));
        values[TrafficHistory.ERRORS] = orZero(metrics.sum(ERRORS));
        values[TrafficHistory.SERVER_ERRORS] =
                orZero(metrics.sum(ERRORS, point -> !CLIENT_ERROR.equals(point.label("reason"))));
        values[TrafficHistory.LOG_WRITE_FAILURES] = orZero(metrics.sum(LOG_WRITE_FAILURES));
        if (latency != null) {
            System.arraycopy(latency.counts(), 0, values, TrafficHistory.LATENCY, bounds.length);
        }
        return values;
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    private void store(long second, double[] current) {
        if (ring == null) {
            ring = new SecondRing(current.length, capacity);
            previous = null;
        }
        if (previous == null) {
            // A baseline: the increase is counted from the next sample on.
            previous = current;
            previousSecond = second;
            return;
        }
        double[] increase = new double[current.length];
        for (int i = 0; i < current.length; i++) {
            increase[i] = current[i] >= previous[i] ? current[i] - previous[i] : current[i];
        }
        previous = current;
        if (second <= previousSecond) {
            // Two samples in one second, or the clock stepped back: the newest slot takes it.
            ring.add(previousSecond, increase);
            return;
        }
        spread(increase, second);
        previousSecond = second;
    }

    /** Spreads an increase over the seconds since the previous sample, remainders in the last one. */
    private void spread(double[] increase, long second) {
        long gap = second - previousSecond;
        double[] share = new double[increase.length];
        double[] last = new double[increase.length];
        for (int i = 0; i < increase.length; i++) {
            share[i] = Math.floor(increase[i] / gap);
            last[i] = increase[i] - share[i] * (gap - 1);
        }
        for (long s = Math.max(previousSecond + 1, second - capacity + 1); s < second; s++) {
            ring.add(s, share);
        }
        ring.add(second, last);
    }

    /** The last {@code capacity} seconds up to the newest sample. */
    public synchronized TrafficHistory history() {
        if (ring == null) {
            double[][] empty = new double[TrafficHistory.LATENCY][capacity];
            for (double[] series : empty) {
                Arrays.fill(series, Double.NaN);
            }
            return new TrafficHistory(clock.instant().getEpochSecond(), empty, new double[0]);
        }
        return new TrafficHistory(previousSecond, ring.window(previousSecond), latencyBounds.clone());
    }

    /** Samples that failed to read the registry since start. */
    public synchronized long failedSamples() {
        return failedSamples;
    }
}
