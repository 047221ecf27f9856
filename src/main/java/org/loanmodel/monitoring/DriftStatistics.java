package org.loanmodel.monitoring;

/**
 * Population stability index and Kolmogorov-Smirnov distance between binned live data and its
 * reference proportions.
 *
 * <p>Proportions are floored at {@link #PSI_FLOOR} on both sides before the PSI's logarithm, as the
 * PromQL recording rule does with {@code clamp_min}, so an empty bin adds a large but finite term.
 */
public final class DriftStatistics {
    /** Smallest proportion used in the PSI. */
    public static final double PSI_FLOOR = 1e-4;
    /** PSI above which a shift is worth a look (common practice). */
    public static final double PSI_WARN = 0.1;
    /** PSI above which a shift is significant and alerts fire (common practice). */
    public static final double PSI_ALERT = 0.25;

    private DriftStatistics() {}

    /** {@code sum((p - q) * ln(p / q))} over bins; {@code NaN} when nothing was observed. */
    public static double psi(long[] counts, long total, double[] reference) {
        if (total == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int bin = 0; bin < counts.length; bin++) {
            double p = Math.max((double) counts[bin] / total, PSI_FLOOR);
            double q = Math.max(reference[bin], PSI_FLOOR);
            psi += (p - q) * Math.log(p / q);
        }
        return psi;
    }

    /**
     * Largest gap between the live and reference cumulative distributions at the bin edges: the
     * KS statistic of the binned data, a lower bound of the KS statistic of the raw data.
     */
    public static double ks(long[] counts, long total, double[] reference) {
        if (total == 0) {
            return Double.NaN;
        }
        double live = 0;
        double ref = 0;
        double max = 0;
        for (int bin = 0; bin < counts.length; bin++) {
            live += (double) counts[bin] / total;
            ref += reference[bin];
            max = Math.max(max, Math.abs(live - ref));
        }
        return max;
    }
}
