package org.loanmodel.status;

/**
 * A quantile estimated from classic histogram buckets the way PromQL's {@code histogram_quantile}
 * does, so the page's p50 and p99 read like the dashboard's: linear interpolation inside the bucket
 * that holds the rank, the first bucket starting at 0, and a rank in the +Inf bucket answered with
 * the highest finite bound.
 */
final class HistogramQuantile {
    private HistogramQuantile() {}

    /**
     * @param q the quantile, between 0 and 1
     * @param upperBounds ascending bucket bounds, the last one +Inf
     * @param counts observations per bucket, not cumulative
     * @return the estimate, or NaN when the buckets hold no observation
     */
    static double of(double q, double[] upperBounds, double[] counts) {
        double total = 0;
        for (double count : counts) {
            total += count;
        }
        if (!(total > 0)) {
            return Double.NaN;
        }
        double rank = q * total;
        double below = 0;
        for (int i = 0; i < counts.length; i++) {
            double upper = upperBounds[i];
            if (below + counts[i] >= rank && counts[i] > 0) {
                if (Double.isInfinite(upper)) {
                    return i == 0 ? Double.NaN : upperBounds[i - 1];
                }
                double lower = i == 0 ? Math.min(0, upper) : upperBounds[i - 1];
                return lower + (upper - lower) * (rank - below) / counts[i];
            }
            below += counts[i];
        }
        return upperBounds.length > 1 ? upperBounds[upperBounds.length - 2] : Double.NaN;
    }
}
