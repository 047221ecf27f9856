package org.loanmodel.monitoring;

/**
 * Confusion counts of the most recent labelled decisions, with the derived rates. A rate whose
 * denominator is zero is {@code NaN}: undefined, not zero.
 *
 * @param truePositives approved and repaid
 * @param falsePositives approved but should not have been
 * @param trueNegatives rejected and should have been
 * @param falseNegatives rejected but should have been approved
 */
public record QualitySnapshot(int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {

    /** Number of labelled decisions in the window. */
    public int size() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    /** Share of correct decisions. */
    public double accuracy() {
        return ratio(truePositives + trueNegatives, size());
    }

    /** Share of approvals that were right. */
    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    /** Share of deserved approvals that were made. */
    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    /** Harmonic mean of precision and recall. */
    public double f1() {
        return ratio(2.0 * truePositives, 2.0 * truePositives + falsePositives + falseNegatives);
    }

    private static double ratio(double part, double whole) {
        return whole == 0 ? Double.NaN : part / whole;
    }
}
