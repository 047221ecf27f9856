package org.loanmodel.model;

/**
 * Labelled decisions counted by confusion cell, approval being the positive class, and the one
 * definition of the rates derived from them. A rate whose denominator is zero is {@code NaN}:
 * undefined, not zero, so "no approvals yet" never reads as "every approval was wrong".
 *
 * @param truePositives approved and should have been
 * @param falsePositives approved but should not have been
 * @param trueNegatives rejected and should have been
 * @param falseNegatives rejected but should have been approved
 */
public record ConfusionMatrix(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

    public ConfusionMatrix {
        if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("confusion counts must be >= 0, got tp=" + truePositives + " fp="
                    + falsePositives + " tn=" + trueNegatives + " fn=" + falseNegatives);
        }
    }

    /** Number of labelled decisions. */
    public long total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    /** Share of decisions that were right; {@code NaN} when nothing was counted. */
    public double accuracy() {
        return ratio(truePositives + trueNegatives, total());
    }

    /** Share of approvals that were right; {@code NaN} when nothing was approved. */
    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    /** Share of deserved approvals that were made; {@code NaN} when none was deserved. */
    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    /**
     * Harmonic mean of precision and recall, as {@code 2tp / (2tp + fp + fn)}: 0 when approvals or
     * deserved approvals exist but none was right, {@code NaN} only when there are neither.
     */
    public double f1() {
        return ratio(2.0 * truePositives, 2.0 * truePositives + falsePositives + falseNegatives);
    }

    private static double ratio(double part, double whole) {
        return whole == 0 ? Double.NaN : part / whole;
    }
}
