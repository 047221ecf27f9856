package org.loanmodel.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * An ensemble of binary decision trees laid out in flat arrays, evaluated without allocating: a
 * random forest trained here, or gradient-boosted trees imported from XGBoost.
 *
 * <p>Split node {@code n} sends a row to {@code greater[n]} when {@code x[splitFeature[n]] >
 * splitValue[n]}, else to {@code lessOrEqual[n]} (the rule of the training library). An absent
 * value ({@code NaN}) goes to {@code greater[n]} where {@code missingGreater[n]}, else to {@code
 * lessOrEqual[n]}. A child or root {@code c >= 0} is a split node; {@code c < 0} is leaf {@code ~c}.
 *
 * <p>How the leaves a row reaches make its approval probability is the forest's {@link Output}:
 *
 * <ul>
 *   <li>{@link Output#VOTE_SHARE} (a trained random forest): each leaf holds its two class scores
 *       in {@code leafScores[2 * leaf]} and {@code [2 * leaf + 1]}, in the order the training
 *       library sums them, so the probability reproduces the library's to the last bit: {@code
 *       sum(approval scores) / sum(all scores)} over the trees, in tree order.
 *   <li>{@link Output#LOGISTIC} (boosted trees): each leaf holds one margin {@code leafScores[leaf]};
 *       the probability is the sigmoid of {@code baseMargin} plus the leaves' margins, summed in
 *       tree order in float arithmetic as XGBoost sums them, so that it equals XGBoost's own.
 * </ul>
 *
 * <p>A forest may also carry each node's <em>cover</em>: how much training data reached it (for a
 * trained random forest, the number of training rows). Covers do not change a single prediction;
 * they are what an exact explanation of a prediction needs (see {@link #withCovers}). Forests of
 * the first artifact format have none.
 */
public final class FlatForest {
    /** How the leaves a row reaches make its approval probability. */
    public enum Output {
        /** Approval scores over all scores, summed over the trees (a random forest). */
        VOTE_SHARE(2),
        /** The float sigmoid of the base margin plus one margin per tree (boosted trees). */
        LOGISTIC(1);

        private final int scoresPerLeaf;

        Output(int scoresPerLeaf) {
            this.scoresPerLeaf = scoresPerLeaf;
        }

        /** Numbers a leaf holds in {@code leafScores}. */
        public int scoresPerLeaf() {
            return scoresPerLeaf;
        }
    }

    private final Output output;
    private final int features;
    private final int[] roots;
    private final int[] splitFeature;
    private final double[] splitValue;
    private final int[] greater;
    private final int[] lessOrEqual;
    private final double[] leafScores;
    private final int approvalSlot;
    private final boolean[] missingGreater;
    private final boolean anyMissingGreater;
    private final double baseMargin;
    private final float baseMarginFloat;
    private final double[] splitCover;
    private final double[] leafCover;

    /**
     * A random forest ({@link Output#VOTE_SHARE}) whose absent values all go to {@code lessOrEqual}.
     *
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
        this(
                Output.VOTE_SHARE,
                features,
                roots,
                new Splits(splitFeature, splitValue, greater, lessOrEqual, null),
                leafScores,
                approvalSlot,
                0,
                null,
                null);
    }

    /**
     * Boosted trees ({@link Output#LOGISTIC}): one margin per leaf, the margin before any tree,
     * and the side each split sends an absent value to.
     *
     * @param missingGreater per split node, whether an absent value goes to {@code greater}
     * @param leafMargins each leaf's margin, a float value (XGBoost's arithmetic)
     * @param baseMargin the margin before any tree, a float value
     */
    public static FlatForest boosted(
            int features,
            int[] roots,
            int[] splitFeature,
            double[] splitValue,
            int[] greater,
            int[] lessOrEqual,
            boolean[] missingGreater,
            double[] leafMargins,
            double baseMargin) {
        Objects.requireNonNull(missingGreater, "missingGreater");
        return new FlatForest(
                Output.LOGISTIC,
                features,
                roots,
                new Splits(splitFeature, splitValue, greater, lessOrEqual, missingGreater),
                leafMargins,
                0,
                baseMargin,
                null,
                null);
    }

    /** The arrays of the split nodes, in one argument. */
    private record Splits(int[] feature, double[] value, int[] greater, int[] lessOrEqual, boolean[] missingGreater) {}

    private FlatForest(
            Output output,
            int features,
            int[] roots,
            Splits splits,
            double[] leafScores,
            int approvalSlot,
            double baseMargin,
            double[] splitCover,
            double[] leafCover) {
        this.output = Objects.requireNonNull(output, "output");
        this.features = features;
        this.roots = roots.clone();
        this.splitFeature = splits.feature().clone();
        this.splitValue = splits.value().clone();
        this.greater = splits.greater().clone();
        this.lessOrEqual = splits.lessOrEqual().clone();
        this.missingGreater = splits.missingGreater() == null
                ? new boolean[splitFeature.length]
                : splits.missingGreater().clone();
        this.leafScores = leafScores.clone();
        this.approvalSlot = approvalSlot;
        this.baseMargin = baseMargin;
        this.baseMarginFloat = (float) baseMargin;
        this.splitCover = splitCover == null ? null : splitCover.clone();
        this.leafCover = leafCover == null ? null : leafCover.clone();
        boolean any = false;
        for (boolean side : missingGreater) {
            any |= side;
        }
        this.anyMissingGreater = any;
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
                output,
                features,
                roots,
                new Splits(splitFeature, splitValue, greater, lessOrEqual, missingGreater),
                leafScores,
                approvalSlot,
                baseMargin,
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
        int leaves = leaves();
        if (roots.length == 0) {
            throw new IllegalArgumentException("forest has no trees");
        }
        if (splitValue.length != splits
                || greater.length != splits
                || lessOrEqual.length != splits
                || missingGreater.length != splits) {
            throw new IllegalArgumentException("split arrays differ in length");
        }
        if (leafScores.length % output.scoresPerLeaf() != 0) {
            throw new IllegalArgumentException("leafScores must hold " + output.scoresPerLeaf() + " score(s) per leaf");
        }
        if (output == Output.LOGISTIC && !Float.isFinite((float) baseMargin)) {
            throw new IllegalArgumentException("base margin must be a finite float, got " + baseMargin);
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
        return output == Output.LOGISTIC ? logistic(application) : voteShare(application);
    }

    private double voteShare(LoanApplication application) {
        double approval = 0;
        double total = 0;
        for (int root : roots) {
            int leaf = leaf(root, application) << 1;
            double first = leafScores[leaf];
            double second = leafScores[leaf + 1];
            total += first;
            total += second;
            approval += approvalSlot == 0 ? first : second;
        }
        return approval / total;
    }

    /** XGBoost's arithmetic: a float sum of float margins in tree order, then its float sigmoid. */
    private double logistic(LoanApplication application) {
        float margin = baseMarginFloat;
        for (int root : roots) {
            margin += (float) leafScores[leaf(root, application)];
        }
        return sigmoid(margin);
    }

    /** XGBoost's float sigmoid of a float margin: the probability of {@link Output#LOGISTIC} trees. */
    public static double sigmoid(float margin) {
        return 1.0f / (1.0f + (float) Math.exp(-margin));
    }

    /** The leaf a row reaches from a root. */
    private int leaf(int root, LoanApplication application) {
        int node = root;
        while (node >= 0) {
            double value = application.value(splitFeature[node]);
            node = value > splitValue[node] || (anyMissingGreater && value != value && missingGreater[node])
                    ? greater[node]
                    : lessOrEqual[node];
        }
        return ~node;
    }

    /**
     * The raw output of the trees, the quantity explanations split among the features: the
     * approval probability for {@link Output#VOTE_SHARE}; for {@link Output#LOGISTIC} the log-odds
     * margin, summed in double so that it is the exact sum of the base margin and the leaves' margins
     * (XGBoost's float sum differs from it by rounding only).
     */
    public double rawOutput(LoanApplication application) {
        if (output == Output.VOTE_SHARE) {
            return voteShare(application);
        }
        double margin = baseMargin;
        for (int root : roots) {
            margin += leafScores[leaf(root, application)];
        }
        return margin;
    }

    public Output output() {
        return output;
    }

    /** The margin before any tree ({@link Output#LOGISTIC}); 0 for a random forest. */
    public double baseMargin() {
        return baseMargin;
    }

    /** Per split node, whether an absent value goes to {@code greater}. */
    public boolean[] missingGreater() {
        return missingGreater.clone();
    }

    /** Whether any split node sends an absent value to {@code greater}. */
    public boolean anyMissingGreater() {
        return anyMissingGreater;
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
        return leafScores.length / output.scoresPerLeaf();
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
     * divided by one constant, which is what makes it explainable tree by tree. Always -1 for
     * {@link Output#LOGISTIC}: its margin is a sum over trees by construction.
     */
    public int firstTreeWithUnequalLeafTotals() {
        if (output == Output.LOGISTIC) {
            return -1;
        }
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
                && output == that.output
                && features == that.features
                && Double.compare(baseMargin, that.baseMargin) == 0
                && Arrays.equals(missingGreater, that.missingGreater)
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
