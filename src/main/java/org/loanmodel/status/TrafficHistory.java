package org.loanmodel.status;

/**
 * A copy of the sampler's last fifteen minutes: per-second amounts of each series, oldest first,
 * NaN for a second without a sample.
 *
 * @param lastSecond epoch second of the newest slot
 * @param window {@code [series][second]}; series are {@link #REQUESTS}, {@link #ERRORS}, {@link
 *     #SERVER_ERRORS}, {@link #LOG_WRITE_FAILURES}, then one per latency bucket from {@link
 *     #LATENCY}
 * @param latencyBounds upper bounds of the latency buckets, the last one +Inf (empty when the
 *     histogram is absent)
 */
record TrafficHistory(long lastSecond, double[][] window, double[] latencyBounds) {
    static final int REQUESTS = 0;
    static final int ERRORS = 1;
    static final int SERVER_ERRORS = 2;
    static final int LOG_WRITE_FAILURES = 3;
    static final int LATENCY = 4;

    int seconds() {
        return window[REQUESTS].length;
    }

    /** Epoch second of the oldest slot. */
    long firstSecond() {
        return lastSecond - seconds() + 1;
    }

    /** Total of a series over the newest {@code seconds} seconds (unsampled seconds add nothing). */
    double sum(int series, int seconds) {
        double sum = 0;
        for (int i = from(seconds); i < seconds(); i++) {
            double value = window[series][i];
            if (!Double.isNaN(value)) {
                sum += value;
            }
        }
        return sum;
    }

    /** Seconds with a sample among the newest {@code seconds}. */
    int sampled(int seconds) {
        int sampled = 0;
        for (int i = from(seconds); i < seconds(); i++) {
            if (!Double.isNaN(window[REQUESTS][i])) {
                sampled++;
            }
        }
        return sampled;
    }

    /** Mean per second over the sampled seconds among the newest {@code seconds}; NaN when none. */
    double perSecond(int series, int seconds) {
        int sampled = sampled(seconds);
        return sampled == 0 ? Double.NaN : sum(series, seconds) / sampled;
    }

    /** A latency quantile over the newest {@code seconds} seconds; NaN without requests. */
    double latencyQuantile(double q, int seconds) {
        double[] counts = new double[latencyBounds.length];
        for (int b = 0; b < counts.length; b++) {
            counts[b] = sum(LATENCY + b, seconds);
        }
        return HistogramQuantile.of(q, latencyBounds, counts);
    }

    /** A latency quantile for each second; NaN for a second without requests. */
    double[] latencyQuantiles(double q) {
        double[] quantiles = new double[seconds()];
        double[] counts = new double[latencyBounds.length];
        for (int i = 0; i < quantiles.length; i++) {
            boolean sampled = !Double.isNaN(window[REQUESTS][i]);
            for (int b = 0; b < counts.length; b++) {
                counts[b] = sampled ? window[LATENCY + b][i] : 0;
            }
            quantiles[i] = HistogramQuantile.of(q, latencyBounds, counts);
        }
        return quantiles;
    }

    private int from(int seconds) {
        return Math.max(0, seconds() - seconds);
    }
}
