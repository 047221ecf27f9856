package org.loanmodel.client;

/**
 * Client-side latencies in bounded memory: exact below 256 µs, then 128 buckets per doubling, so a
 * percentile is off by less than 1% however many requests a long run records. Mean and maximum are
 * exact. Thread-safe.
 */
public final class LatencyHistogram {
    private static final int EXACT = 256;
    private static final int SUB_BUCKETS = 128;
    private static final int SUB_BITS = 7;
    /** Doublings above {@link #EXACT} µs covered; beyond that (about 52 days) values are clamped. */
    private static final int OCTAVES = 55 - 8;

    private final long[] buckets = new long[EXACT + OCTAVES * SUB_BUCKETS];
    private long count;
    private long sumNanos;
    private long maxNanos;

    /** Records one latency. */
    public synchronized void record(long nanos) {
        long value = Math.max(0, nanos);
        buckets[index(value / 1000)]++;
        count++;
        sumNanos += value;
        maxNanos = Math.max(maxNanos, value);
    }

    private static int index(long micros) {
        if (micros < EXACT) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        int octave = Math.min(exponent - 8, OCTAVES - 1);
        int sub = (int) (micros >>> (octave + 8 - SUB_BITS)) - SUB_BUCKETS;
        return EXACT + octave * SUB_BUCKETS + Math.min(sub, SUB_BUCKETS - 1);
    }

    /** Midpoint of a bucket, in microseconds. */
    private static double midpoint(int index) {
        if (index < EXACT) {
            return index + 0.5;
        }
        int octave = (index - EXACT) / SUB_BUCKETS;
        int sub = (index - EXACT) % SUB_BUCKETS;
        double width = Math.scalb(1.0, octave + 8 - SUB_BITS);
        return (SUB_BUCKETS + sub) * width + width / 2;
    }

    public synchronized long count() {
        return count;
    }

    /** Mean latency in milliseconds, {@code NaN} when nothing was recorded. */
    public synchronized double meanMillis() {
        return count == 0 ? Double.NaN : sumNanos / (1e6 * count);
    }

    /** Largest latency in milliseconds, {@code NaN} when nothing was recorded. */
    public synchronized double maxMillis() {
        return count == 0 ? Double.NaN : maxNanos / 1e6;
    }

    /**
     * The latency at or below which {@code quantile} of the recorded ones fall, in milliseconds; never
     * more than the maximum; {@code NaN} when nothing was recorded.
     *
     * @param quantile between 0 and 1, e.g. 0.99
     */
    public synchronized double quantileMillis(double quantile) {
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be between 0 and 1, got " + quantile);
        }
        if (count == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * count));
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return Math.min(midpoint(i) / 1000, maxMillis());
            }
        }
        return maxMillis();
    }
}
