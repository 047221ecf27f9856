package org.loanmodel.explain;

import java.util.ArrayList;
import java.util.List;
import org.loanmodel.model.FlatForest;
import org.loanmodel.model.LoanApplication;

/**
 * The explainer's own copy of a forest: each tree's nodes in pre-order and contiguous, with the
 * covers, the share of the raw output each leaf adds, and each tree's expected share.
 *
 * <p>The raw output is the approval probability {@code sum(approval scores) / sum(all scores)}.
 * When every tree's leaves add their two scores up to one total {@code c_t} (checked by {@link
 * FlatForest#firstTreeWithUnequalLeafTotals()}), it is {@code sum_t approval_t / C} with {@code C =
 * sum_t c_t}: a sum over trees of {@code leafValue = approval score / C}. That sum differs from
 * the division the forest performs by rounding only (a relative 1e-12 at most), which is why the
 * explanation adds up to the probability within 1e-9 rather than to the last bit.
 *
 * <p>For boosted trees ({@link FlatForest.Output#LOGISTIC}) the raw output is the log-odds margin:
 * the base margin plus each tree's leaf margin, {@code leafValue = leafScores[leaf]}, summed in
 * double ({@link FlatForest#rawOutput}).
 */
final class Trees {
    final int features;
    final FlatForest.Output output;
    final int approvalSlot;
    /** The margin before any tree (boosted trees), 0 for a random forest. */
    final double baseMargin;
    /** Whether any split sends an absent value to {@code greater}. */
    final boolean anyMissingGreater;
    /** Root of each tree, encoded as in {@link FlatForest}: {@code >= 0} a split, else leaf {@code ~c}. */
    final int[] roots;
    /** Leaves of tree {@code t} are {@code firstLeaf[t]} to {@code firstLeaf[t + 1] - 1}. */
    final int[] firstLeaf;
    /** Split nodes of tree {@code t} are {@code firstSplit[t]} to {@code firstSplit[t + 1] - 1}. */
    final int[] firstSplit;
    /** Split nodes on the longest root-to-leaf path of each tree. */
    final int[] depth;

    final int[] feature;
    final double[] threshold;
    final int[] greater;
    final int[] lessOrEqual;
    final double[] splitCover;
    final boolean[] missingGreater;

    /** The scores of each leaf, as in the forest (two class scores, or one margin). */
    final double[] leafScores;

    final double[] leafCover;
    final double[] leafValue;

    /** Each tree's expected share of the raw output under the covers: its base value. */
    final double[] expected;
    /**
     * Per feature, the sum over splits on it of {@code cover * (E[greater] - E[lessOrEqual])}: its
     * sign says whether higher values raise the raw output, on the whole training data.
     */
    final double[] slope;

    private Trees(FlatForest forest, Copy copy) {
        features = forest.features();
        output = forest.output();
        approvalSlot = forest.approvalSlot();
        baseMargin = forest.baseMargin();
        anyMissingGreater = forest.anyMissingGreater();
        roots = copy.roots;
        firstLeaf = copy.firstLeaf;
        firstSplit = copy.firstSplit;
        depth = copy.depth;
        feature = ints(copy.feature);
        threshold = doubles(copy.threshold);
        greater = ints(copy.greater);
        lessOrEqual = ints(copy.lessOrEqual);
        splitCover = doubles(copy.splitCover);
        missingGreater = new boolean[copy.missingGreater.size()];
        for (int n = 0; n < missingGreater.length; n++) {
            missingGreater[n] = copy.missingGreater.get(n);
        }
        leafScores = doubles(copy.leafScores);
        leafCover = doubles(copy.leafCover);
        leafValue = output == FlatForest.Output.LOGISTIC ? leafScores.clone() : shares(leafScores, approvalSlot);
        expected = new double[roots.length];
        slope = new double[features];
        for (int t = 0; t < roots.length; t++) {
            expected[t] = expectation(roots[t]);
        }
    }

    /** Each leaf's approval score divided by the sum over trees of one leaf's total (see above). */
    private double[] shares(double[] scores, int slot) {
        double scale = 0;
        for (int t = 0; t < roots.length; t++) {
            int leaf = firstLeaf[t];
            scale += scores[2 * leaf] + scores[2 * leaf + 1];
        }
        double[] shares = new double[scores.length / 2];
        for (int leaf = 0; leaf < shares.length; leaf++) {
            shares[leaf] = scores[2 * leaf + slot] / scale;
        }
        return shares;
    }

    /** Whether split node {@code node} sends {@code value} to its {@code greater} child. */
    boolean takesGreater(int node, double value) {
        return value > threshold[node] || (value != value && missingGreater[node]);
    }

    /** The leaf tree {@code tree} sends a row to. */
    int leaf(int tree, LoanApplication row) {
        int node = roots[tree];
        while (node >= 0) {
            node = takesGreater(node, row.value(feature[node])) ? greater[node] : lessOrEqual[node];
        }
        return ~node;
    }

    /**
     * @throws IllegalArgumentException when the forest has no covers or its trees have unequal
     *     leaf totals
     */
    static Trees of(FlatForest forest) {
        if (!forest.hasCovers()) {
            throw new IllegalArgumentException("the forest has no node covers");
        }
        int unequal = forest.firstTreeWithUnequalLeafTotals();
        if (unequal >= 0) {
            throw new IllegalArgumentException("the leaves of tree " + unequal + " do not share one total");
        }
        return new Trees(forest, new Copy(forest));
    }

    int trees() {
        return roots.length;
    }

    int leaves() {
        return leafCover.length;
    }

    /** The cover of a node encoded as a child. */
    double cover(int node) {
        return node >= 0 ? splitCover[node] : leafCover[~node];
    }

    /** The cover-weighted mean leaf value below a node; adds each split's effect to the slopes. */
    private double expectation(int node) {
        if (node < 0) {
            return leafValue[~node];
        }
        double high = expectation(greater[node]);
        double low = expectation(lessOrEqual[node]);
        slope[feature[node]] += splitCover[node] * (high - low);
        return (cover(greater[node]) * high + cover(lessOrEqual[node]) * low) / splitCover[node];
    }

    /** Copies every tree in pre-order, so that a tree's nodes, and its leaves, are contiguous. */
    private static final class Copy {
        final int[] source;
        final int[] sourceGreater;
        final int[] sourceLessOrEqual;
        final double[] sourceValue;
        final double[] sourceScores;
        final double[] sourceSplitCover;
        final double[] sourceLeafCover;
        final boolean[] sourceMissingGreater;
        final int scoresPerLeaf;
        final int[] roots;
        final int[] firstLeaf;
        final int[] firstSplit;
        final int[] depth;
        final List<Integer> feature = new ArrayList<>();
        final List<Double> threshold = new ArrayList<>();
        final List<Integer> greater = new ArrayList<>();
        final List<Integer> lessOrEqual = new ArrayList<>();
        final List<Double> splitCover = new ArrayList<>();
        final List<Boolean> missingGreater = new ArrayList<>();
        final List<Double> leafScores = new ArrayList<>();
        final List<Double> leafCover = new ArrayList<>();

        Copy(FlatForest forest) {
            source = forest.splitFeature();
            sourceGreater = forest.greater();
            sourceLessOrEqual = forest.lessOrEqual();
            sourceValue = forest.splitValue();
            sourceScores = forest.leafScores();
            sourceSplitCover = forest.splitCover();
            sourceLeafCover = forest.leafCover();
            sourceMissingGreater = forest.missingGreater();
            scoresPerLeaf = forest.output().scoresPerLeaf();
            int[] sourceRoots = forest.roots();
            roots = new int[sourceRoots.length];
            firstLeaf = new int[sourceRoots.length + 1];
            firstSplit = new int[sourceRoots.length + 1];
            depth = new int[sourceRoots.length];
            for (int t = 0; t < sourceRoots.length; t++) {
                firstLeaf[t] = leafCover.size();
                firstSplit[t] = feature.size();
                roots[t] = copy(sourceRoots[t], t, 0);
            }
            firstLeaf[sourceRoots.length] = leafCover.size();
            firstSplit[sourceRoots.length] = feature.size();
        }

        private int copy(int node, int tree, int level) {
            if (node < 0) {
                depth[tree] = Math.max(depth[tree], level);
                for (int i = 0; i < scoresPerLeaf; i++) {
                    leafScores.add(sourceScores[scoresPerLeaf * ~node + i]);
                }
                leafCover.add(sourceLeafCover[~node]);
                return ~(leafCover.size() - 1);
            }
            int index = feature.size();
            feature.add(source[node]);
            threshold.add(sourceValue[node]);
            splitCover.add(sourceSplitCover[node]);
            missingGreater.add(sourceMissingGreater[node]);
            greater.add(0);
            lessOrEqual.add(0);
            greater.set(index, copy(sourceGreater[node], tree, level + 1));
            lessOrEqual.set(index, copy(sourceLessOrEqual[node], tree, level + 1));
            return index;
        }
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] doubles(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
