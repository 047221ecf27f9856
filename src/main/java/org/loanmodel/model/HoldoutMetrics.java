package org.loanmodel.model;

import java.util.List;

/**
 * Quality of a model on rows it was not trained on, with the approval class as positive.
 *
 * @param rows number of holdout rows
 * @param truePositives approved and should have been
 * @param falsePositives approved but should not have been
 * @param trueNegatives rejected and should have been
 * @param falseNegatives rejected but should have been approved
 * @param accuracy share of correct decisions
 * @param precision share of approvals that were right
 * @param recall share of deserved approvals that were made
 * @param f1 harmonic mean of precision and recall
 * @param rocAuc area under the ROC curve of the approval probability
 * @param brierScore mean squared error of the approval probability (0 is perfect)
 * @param reliability calibration table of the approval probability
 */
public record HoldoutMetrics(
        int rows,
        long truePositives,
        long falsePositives,
        long trueNegatives,
        long falseNegatives,
        double accuracy,
        double precision,
        double recall,
        double f1,
        double rocAuc,
        double brierScore,
        List<ReliabilityBin> reliability) {

    public HoldoutMetrics {
        reliability = List.copyOf(reliability);
    }

    /**
     * One row of a reliability table: rows whose predicted probability fell in {@code [lower,
     * upper)} (the last bin includes 1), how confident the model was on them on average, and how
     * often they were really approved.
     */
    public record ReliabilityBin(double lower, double upper, long rows, double meanProbability, double approvedRate) {}
}
