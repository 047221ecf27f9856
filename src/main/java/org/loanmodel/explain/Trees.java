package org.loanmodel.explain;

import java.util.ArrayList;
import java.util.List;
import org.loanmodel.model.FlatForest;

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
 */
final class Trees {
    final int features;
    final int approvalSlot;
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

    /** Two class scores per leaf, as in the forest. */
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
        approvalSlot = forest.approvalSlot();
        roots = copy.roots;
        firstLeaf = copy.firstLeaf;
        firstSplit = copy.firstSplit;
        depth = copy.depth;
        feature = ints(copy.feature);
        threshold = doubles(copy.threshold);
        greater = ints(copy.greater);
        lessOrEqual = ints(copy.lessOrEqual);
        splitCover = doubles(copy.splitCover);
        leafScores = doubles(copy.leafScores);
        leafCover = doubles(copy.leafCover);
        double scale = 0;
        for (int t = 0; t < roots.length; t++) {
            int leaf = firstLeaf[t];
            scale += leafScores[2 * leaf] + leafScores[2 * leaf + 1];
        }
        leafValue = new double[leafCover.length];
        for (int leaf = 0; leaf < leafValue.length; leaf++) {
            leafValue[leaf] = leafScores[2 * leaf + approvalSlot] / scale;
        }
        expected = new double[roots.length];
        slope = new double[features];
        for (int t = 0; t < roots.length; t++) {
            expected[t] = expectation(roots[t]);
        }
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
        final int[] roots;
        final int[] firstLeaf;
        final int[] firstSplit;
        final int[] depth;
        final List<Integer> feature = new ArrayList<>();
        final List<Double> threshold = new ArrayList<>();
        final List<Integer> greater = new ArrayList<>();
        final List<Integer> lessOrEqual = new ArrayList<>();
        final List<Double> splitCover = new ArrayList<>();
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
                leafScores.add(sourceScores[2 * ~node]);
                leafScores.add(sourceScores[2 * ~node + 1]);
                leafCover.add(sourceLeafCover[~node]);
                return ~(leafCover.size() - 1);
            }
            int index = feature.size();
            feature.add(source[node]);
            threshold.add(sourceValue[node]);
            splitCover.add(sourceSplitCover[node]);
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
