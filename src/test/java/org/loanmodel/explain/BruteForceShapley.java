package org.loanmodel.explain;

import org.loanmodel.model.FlatForest;
import org.loanmodel.model.LoanApplication;

/**
 * Shapley values by their definition, for checking the explainer: the path-dependent value
 * function {@code v(S) = E[f(x) | x_S]} by recursive descent over the forest as the artifact holds
 * it (a split on a feature in {@code S} follows the row, any other split averages its children
 * weighted by their covers), over all {@code 2^F} coalitions. A known absent value follows its
 * split's side for absent values. The output is a random forest's probability or boosted trees'
 * margin (base margin plus leaf margins).
 */
final class BruteForceShapley {
    private final FlatForest forest;
    private final int[] roots;
    private final int[] splitFeature;
    private final double[] splitValue;
    private final int[] greater;
    private final int[] lessOrEqual;
    private final double[] leafScores;
    private final double[] splitCover;
    private final double[] leafCover;
    private final double scale;
    private final boolean boosted;
    private final boolean[] missingGreater;

    BruteForceShapley(FlatForest forest) {
        this.forest = forest;
        roots = forest.roots();
        splitFeature = forest.splitFeature();
        splitValue = forest.splitValue();
        greater = forest.greater();
        lessOrEqual = forest.lessOrEqual();
        leafScores = forest.leafScores();
        splitCover = forest.splitCover();
        leafCover = forest.leafCover();
        boosted = forest.output() == FlatForest.Output.LOGISTIC;
        missingGreater = forest.missingGreater();
        if (boosted) {
            scale = 1;
            return;
        }
        // Each tree's leaves share one total; take the one its lessOrEqual-most leaf has.
        double sum = 0;
        for (int root : roots) {
            int node = root;
            while (node >= 0) {
                node = lessOrEqual[node];
            }
            sum += leafScores[2 * ~node] + leafScores[2 * ~node + 1];
        }
        scale = sum;
    }

    /** The value function for the coalition whose members are the set bits of {@code coalition}. */
    double value(LoanApplication row, int coalition) {
        double sum = boosted ? forest.baseMargin() : 0;
        for (int root : roots) {
            sum += value(root, row, coalition);
        }
        return sum;
    }

    private double value(int node, LoanApplication row, int coalition) {
        if (node < 0) {
            return boosted ? leafScores[~node] : leafScores[2 * ~node + forest.approvalSlot()] / scale;
        }
        int d = splitFeature[node];
        if ((coalition & 1 << d) != 0) {
            double x = row.value(d);
            boolean right = Double.isNaN(x) ? missingGreater[node] : x > splitValue[node];
            return value(right ? greater[node] : lessOrEqual[node], row, coalition);
        }
        return (cover(greater[node]) * value(greater[node], row, coalition)
                        + cover(lessOrEqual[node]) * value(lessOrEqual[node], row, coalition))
                / splitCover[node];
    }

    private double cover(int node) {
        return node >= 0 ? splitCover[node] : leafCover[~node];
    }

    /** The base value {@code v(empty)}. */
    double baseValue(LoanApplication row) {
        return value(row, 0);
    }

    /** Every feature's Shapley value: {@code sum over S without i of |S|!(F-|S|-1)!/F! (v(S+i) - v(S))}. */
    double[] shapley(LoanApplication row) {
        int f = forest.features();
        double[] values = new double[1 << f];
        for (int coalition = 0; coalition < 1 << f; coalition++) {
            values[coalition] = value(row, coalition);
        }
        double[] phi = new double[f];
        for (int i = 0; i < f; i++) {
            for (int coalition = 0; coalition < 1 << f; coalition++) {
                if ((coalition & 1 << i) == 0) {
                    int s = Integer.bitCount(coalition);
                    phi[i] += factorial(s)
                            * factorial(f - s - 1)
                            / factorial(f)
                            * (values[coalition | 1 << i] - values[coalition]);
                }
            }
        }
        return phi;
    }

    private static double factorial(int n) {
        double result = 1;
        for (int i = 2; i <= n; i++) {
            result *= i;
        }
        return result;
    }
}
