package org.loanmodel.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A random forest of binary decision trees laid out in flat arrays, evaluated without allocating.
 *
 * <p>Split node {@code n} sends a row to {@code greater[n]} when {@code x[splitFeature[n]] >
 * splitValue[n]}, else to {@code lessOrEqual[n]} (the rule of the training library). A child or
 * root {@code c >= 0} is a split node; {@code c < 0} is leaf {@code ~c}. Each leaf holds its two
 * class scores in {@code leafScores[2 * leaf]} and {@code [2 * leaf + 1]}, in the order the
 * training library sums them, so the forest's probability reproduces the library's to the last
 * bit: {@code sum(approval scores) / sum(all scores)} over the trees, in tree order.
 *
 * <p>A forest may also carry each node's <em>cover</em>: how much training data reached it (for a
 * trained random forest, the number of training rows). Covers do not change a single prediction;
 * they are what an exact explanation of a prediction needs (see {@link #withCovers}). Forests of
 * the first artifact format have none.
 */
public final class FlatForest {
    private final int features;
    private final int[] roots;
    private final int[] splitFeature;
    private final double[] splitValue;
    private final int[] greater;
    private final int[] lessOrEqual;
    private final double[] leafScores;
    private final int approvalSlot;
    private final double[] splitCover;
    private final double[] leafCover;

    /**
     * @param features number of input features a row must have
     * @param roots the root of each tree, encoded as a child
     * @param splitFeature feature index tested by each split node
     * @param splitValue threshold of each split node
     * @param greater child taken when the value is greater than the threshold
     * @param lessOrEqual child taken otherwise
     * @param leafScores two class scores per leaf
     * @param approvalSlot which of a leaf's two scores (0 or 1) belongs to the approval class
     */
    public FlatForest(
            int features,
            int[] roots,
            int[] splitFeature,
            double[] splitValue,
            int[] greater,
            int[] lessOrEqual,
            double[] leafScores,
            int approvalSlot) {
        this(features, roots, splitFeature, splitValue, greater, lessOrEqual, leafScores, approvalSlot, null, null);
    }

    private FlatForest(
            int features,
            int[] roots,
            int[] splitFeature,
            double[] splitValue,
            int[] greater,
            int[] lessOrEqual,
            double[] leafScores,
            int approvalSlot,
            double[] splitCover,
            double[] leafCover) {
        this.features = features;
        this.roots = roots.clone();
        this.splitFeature = splitFeature.clone();
        this.splitValue = splitValue.clone();
        this.greater = greater.clone();
        this.lessOrEqual = lessOrEqual.clone();
        this.leafScores = leafScores.clone();
        this.approvalSlot = approvalSlot;
        this.splitCover = splitCover == null ? null : splitCover.clone();
        this.leafCover = leafCover == null ? null : leafCover.clone();
        validate();
        if (this.splitCover != null) {
            validateCovers();
        }
    }

    /**
     * The same trees with the cover of every node: {@code splitCover[n]} of split node {@code n},
     * {@code leafCover[leaf]} of each leaf. A split's cover must be a finite number above 0 (an
     * explanation divides by it), a leaf's a finite number of at least 0.
     */
    public FlatForest withCovers(double[] splitCover, double[] leafCover) {
        return new FlatForest(
                features,
                roots,
                splitFeature,
                splitValue,
                greater,
                lessOrEqual,
                leafScores,
                approvalSlot,
                Objects.requireNonNull(splitCover, "splitCover"),
                Objects.requireNonNull(leafCover, "leafCover"));
    }

    private void validateCovers() {
        if (splitCover.length != splitFeature.length) {
            throw new IllegalArgumentException("splitCover has " + splitCover.length + " entries, the forest has "
                    + splitFeature.length + " split nodes");
        }
        if (leafCover.length != leaves()) {
            throw new IllegalArgumentException(
                    "leafCover has " + leafCover.length + " entries, the forest has " + leaves() + " leaves");
        }
        for (int n = 0; n < splitCover.length; n++) {
            if (!(splitCover[n] > 0 && splitCover[n] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(
                        "cover of split node " + n + " must be a finite number > 0, got " + splitCover[n]);
            }
        }
        for (int leaf = 0; leaf < leafCover.length; leaf++) {
            if (!(leafCover[leaf] >= 0 && leafCover[leaf] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(
                        "cover of leaf " + leaf + " must be a finite number >= 0, got " + leafCover[leaf]);
            }
        }
    }

    private void validate() {
        int splits = splitFeature.length;
        int leaves = leafScores.length / 2;
        if (roots.length == 0) {
            throw new IllegalArgumentException("forest has no trees");
        }
        if (splitValue.length != splits || greater.length != splits || lessOrEqual.length != splits) {
            throw new IllegalArgumentException("split arrays differ in length");
        }
        if (leafScores.length % 2 != 0) {
            throw new IllegalArgumentException("leafScores must hold two scores per leaf");
        }
        if (approvalSlot != 0 && approvalSlot != 1) {
            throw new IllegalArgumentException("approvalSlot must be 0 or 1, got " + approvalSlot);
        }
        for (int n = 0; n < splits; n++) {
            if (splitFeature[n] < 0 || splitFeature[n] >= features) {
                throw new IllegalArgumentException("split " + n + " tests feature " + splitFeature[n]);
            }
            // Children point forward, which rules out cycles and guarantees every walk ends.
            checkChild(greater[n], n, splits, leaves);
            checkChild(lessOrEqual[n], n, splits, leaves);
        }
        for (int root : roots) {
            checkChild(root, -1, splits, leaves);
        }
    }

    private static void checkChild(int child, int parent, int splits, int leaves) {
        boolean valid = child >= 0 ? child > parent && child < splits : ~child < leaves;
        if (!valid) {
            throw new IllegalArgumentException("invalid child " + child + " of node " + parent);
        }
    }

    /** The approval probability of one row of feature values in schema order. */
    public double probability(LoanApplication application) {
        double approval = 0;
        double total = 0;
        for (int root : roots) {
            int node = root;
            while (node >= 0) {
                node = application.value(splitFeature[node]) > splitValue[node] ? greater[node] : lessOrEqual[node];
            }
            int leaf = ~node << 1;
            double first = leafScores[leaf];
            double second = leafScores[leaf + 1];
            total += first;
            total += second;
            approval += approvalSlot == 0 ? first : second;
        }
        return approval / total;
    }

    public int features() {
        return features;
    }

    public int trees() {
        return roots.length;
    }

    public int splitNodes() {
        return splitFeature.length;
    }

    public int leaves() {
        return leafScores.length / 2;
    }

    public int approvalSlot() {
        return approvalSlot;
    }

    public int[] roots() {
        return roots.clone();
    }

    public int[] splitFeature() {
        return splitFeature.clone();
    }

    public double[] splitValue() {
        return splitValue.clone();
    }

    public int[] greater() {
        return greater.clone();
    }

    public int[] lessOrEqual() {
        return lessOrEqual.clone();
    }

    public double[] leafScores() {
        return leafScores.clone();
    }

    /** Whether the forest knows the cover of every node. */
    public boolean hasCovers() {
        return splitCover != null;
    }

    /** The cover of each split node, or {@code null} when the forest has no covers. */
    public double[] splitCover() {
        return splitCover == null ? null : splitCover.clone();
    }

    /** The cover of each leaf, or {@code null} when the forest has no covers. */
    public double[] leafCover() {
        return leafCover == null ? null : leafCover.clone();
    }

    /**
     * The first tree (in tree order) whose leaves do not all add their two scores up to one total,
     * or -1 when every tree has one total (within a relative 1e-12, the rounding of the training
     * library's normalisation). Only then is the probability a sum over trees of approval score
     * divided by one constant, which is what makes it explainable tree by tree.
     */
    public int firstTreeWithUnequalLeafTotals() {
        int[] stack = new int[splitFeature.length + 1];
        for (int t = 0; t < roots.length; t++) {
            double first = Double.NaN;
            int top = 0;
            stack[top++] = roots[t];
            while (top > 0) {
                int node = stack[--top];
                if (node >= 0) {
                    stack[top++] = greater[node];
                    stack[top++] = lessOrEqual[node];
                    continue;
                }
                double total = leafScores[~node << 1] + leafScores[(~node << 1) + 1];
                if (Double.isNaN(first)) {
                    first = total;
                } else if (!(Math.abs(total - first) <= 1e-12 * Math.abs(first))) {
                    return t;
                }
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FlatForest that
                && features == that.features
                && approvalSlot == that.approvalSlot
                && Arrays.equals(roots, that.roots)
                && Arrays.equals(splitFeature, that.splitFeature)
                && Arrays.equals(splitValue, that.splitValue)
                && Arrays.equals(greater, that.greater)
                && Arrays.equals(lessOrEqual, that.lessOrEqual)
                && Arrays.equals(leafScores, that.leafScores)
                && Arrays.equals(splitCover, that.splitCover)
                && Arrays.equals(leafCover, that.leafCover);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(roots) * 31 + Arrays.hashCode(leafScores);
    }
}
