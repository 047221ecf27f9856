package org.loanmodel.monitoring;

import org.loanmodel.model.ConfusionMatrix;

/**
 * Confusion counts of the most recent labelled decisions, with the derived rates as {@link
 * ConfusionMatrix} defines them ({@code NaN} when undefined).
 *
 * @param truePositives approved and repaid
 * @param falsePositives approved but should not have been
 * @param trueNegatives rejected and should have been
 * @param falseNegatives rejected but should have been approved
 */
public record QualitySnapshot(int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {

    /** The window's counts as a confusion matrix. */
    public ConfusionMatrix matrix() {
        return new ConfusionMatrix(truePositives, falsePositives, trueNegatives, falseNegatives);
    }

    /** Number of labelled decisions in the window. */
    public int size() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    public double accuracy() {
        return matrix().accuracy();
    }

    public double precision() {
        return matrix().precision();
    }

    public double recall() {
        return matrix().recall();
    }

    public double f1() {
        return matrix().f1();
    }
}
