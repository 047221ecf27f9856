package org.loanmodel.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.loanmodel.model.ConfusionMatrix;
import org.loanmodel.model.HoldoutMetrics;
import org.loanmodel.model.HoldoutMetrics.ReliabilityBin;

/** Computes {@link HoldoutMetrics} from outcomes and predicted approval probabilities. */
public final class Evaluation {
    private static final int RELIABILITY_BINS = 10;

    private Evaluation() {}

    /**
     * @param outcomes the true outcomes, 0 or 1
     * @param probabilities the predicted approval probabilities, same order
     * @param threshold probability at or above which the model approves
     */
    public static HoldoutMetrics evaluate(int[] outcomes, double[] probabilities, double threshold) {
        if (outcomes.length != probabilities.length || outcomes.length == 0) {
            throw new IllegalArgumentException("need as many outcomes as probabilities, and at least one");
        }
        long tp = 0, fp = 0, tn = 0, fn = 0;
        double squaredError = 0;
        for (int i = 0; i < outcomes.length; i++) {
            boolean approved = probabilities[i] >= threshold;
            boolean deserved = outcomes[i] == 1;
            if (approved) {
                if (deserved) tp++;
                else fp++;
            } else {
                if (deserved) fn++;
                else tn++;
            }
            double error = probabilities[i] - outcomes[i];
            squaredError += error * error;
        }
        // One definition of the rates, NaN where undefined, shared with the serving metrics.
        ConfusionMatrix matrix = new ConfusionMatrix(tp, fp, tn, fn);
        return new HoldoutMetrics(
                outcomes.length,
                tp,
                fp,
                tn,
                fn,
                matrix.accuracy(),
                matrix.precision(),
                matrix.recall(),
                matrix.f1(),
                rocAuc(outcomes, probabilities),
                squaredError / outcomes.length,
                reliability(outcomes, probabilities));
    }

    /** {@code part / whole}, or 0 when nothing was counted. */
    static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /**
     * Area under the ROC curve as the Mann-Whitney statistic: the chance that a random approved
     * row scores higher than a random rejected one, ties counting half.
     */
    static double rocAuc(int[] outcomes, double[] probabilities) {
        Integer[] order = new Integer[outcomes.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(probabilities[a], probabilities[b]));
        double positiveRankSum = 0;
        long positives = 0;
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length && probabilities[order[end + 1]] == probabilities[order[start]]) {
                end++;
            }
            double averageRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                if (outcomes[order[k]] == 1) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = outcomes.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static List<ReliabilityBin> reliability(int[] outcomes, double[] probabilities) {
        long[] rows = new long[RELIABILITY_BINS];
        double[] probabilitySum = new double[RELIABILITY_BINS];
        long[] approved = new long[RELIABILITY_BINS];
        for (int i = 0; i < outcomes.length; i++) {
            int bin = Math.min(RELIABILITY_BINS - 1, (int) (probabilities[i] * RELIABILITY_BINS));
            rows[bin]++;
            probabilitySum[bin] += probabilities[i];
            approved[bin] += outcomes[i];
        }
        List<ReliabilityBin> table = new ArrayList<>();
        for (int bin = 0; bin < RELIABILITY_BINS; bin++) {
            table.add(new ReliabilityBin(
                    (double) bin / RELIABILITY_BINS,
                    (double) (bin + 1) / RELIABILITY_BINS,
                    rows[bin],
                    rows[bin] == 0 ? 0 : probabilitySum[bin] / rows[bin],
                    ratio(approved[bin], rows[bin])));
        }
        return table;
    }
}
