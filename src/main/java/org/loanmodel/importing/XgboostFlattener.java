package org.loanmodel.importing;

import java.util.List;
import org.loanmodel.model.FlatForest;

/**
 * Lays an XGBoost model's trees out as the served {@link FlatForest} ({@link
 * FlatForest.Output#LOGISTIC}) so that it answers XGBoost's own probabilities.
 *
 * <p>XGBoost sends a row left when its value, rounded to float, is below the split's float
 * condition; the flat form sends it to {@code greater} when its double value is above a double
 * threshold. {@link #threshold(float)} finds, for each condition, the double threshold for which
 * the two tests agree on every double, so the service keeps reading requests as doubles and
 * compares once per node. Leaves keep their float margins and nodes their covers (XGBoost's sum
 * of hessians), which exact explanations need.
 */
final class XgboostFlattener {
    /**
     * The smallest double that rounds to float infinity: halfway between {@code Float.MAX_VALUE}
     * and the next power of two, {@code 2^128 - 2^103}; the tie rounds to infinity (even).
     */
    private static final double FLOAT_OVERFLOW = 0x1.ffffffp127;

    private XgboostFlattener() {}

    static FlatForest flatten(XgboostModel model) {
        List<XgboostTree> trees = model.trees();
        int splits = 0;
        int leaves = 0;
        for (XgboostTree tree : trees) {
            for (int n = 0; n < tree.nodes(); n++) {
                if (tree.leaf(n)) {
                    leaves++;
                } else {
                    splits++;
                }
            }
        }
        int[] roots = new int[trees.size()];
        int[] feature = new int[splits];
        double[] threshold = new double[splits];
        int[] greater = new int[splits];
        int[] lessOrEqual = new int[splits];
        boolean[] missingGreater = new boolean[splits];
        double[] splitCover = new double[splits];
        double[] margins = new double[leaves];
        double[] leafCover = new double[leaves];
        int splitBase = 0;
        int leafBase = 0;
        for (int t = 0; t < trees.size(); t++) {
            XgboostTree tree = trees.get(t);
            int[] flat = flatIndices(tree, splitBase, leafBase);
            roots[t] = flat[0];
            for (int n = 0; n < tree.nodes(); n++) {
                if (tree.leaf(n)) {
                    margins[~flat[n]] = tree.condition()[n];
                    leafCover[~flat[n]] = tree.cover()[n];
                    leafBase++;
                    continue;
                }
                int s = flat[n];
                feature[s] = tree.feature()[n];
                threshold[s] = threshold(tree.condition()[n]);
                lessOrEqual[s] = flat[tree.left()[n]];
                greater[s] = flat[tree.right()[n]];
                missingGreater[s] = !tree.defaultLeft()[n];
                splitCover[s] = tree.cover()[n];
                splitBase++;
            }
        }
        return FlatForest.boosted(
                        model.features(),
                        roots,
                        feature,
                        threshold,
                        greater,
                        lessOrEqual,
                        missingGreater,
                        margins,
                        model.baseMargin())
                .withCovers(splitCover, leafCover);
    }

    /**
     * Each node's index in the flat form, encoded as a child: splits and leaves numbered in node
     * order after those of the trees before. XGBoost numbers children after their parent, so
     * children point forward as the flat form requires.
     */
    private static int[] flatIndices(XgboostTree tree, int splitBase, int leafBase) {
        int[] flat = new int[tree.nodes()];
        int split = splitBase;
        int leaf = leafBase;
        for (int n = 0; n < tree.nodes(); n++) {
            flat[n] = tree.leaf(n) ? ~leaf++ : split++;
        }
        return flat;
    }

    /**
     * The double threshold {@code d} with {@code x > d} exactly when {@code !((float) x <
     * condition)}, for every double {@code x} other than NaN.
     *
     * <p>A double rounds to a float below {@code condition} when it lies below the midpoint {@code
     * m} between {@code condition} and the float before it; {@code m} itself is a tie, which rounds
     * to whichever of the two has an even significand. When that is {@code condition}, {@code m}
     * belongs to the greater side and the threshold is the double just below {@code m}; otherwise
     * it is {@code m}. The midpoint of two adjacent floats is exact in double.
     */
    static double threshold(float condition) {
        if (Float.isNaN(condition) || condition == Float.NEGATIVE_INFINITY) {
            // Nothing is below it: every value goes to the greater side.
            return Double.NEGATIVE_INFINITY;
        }
        double midpoint;
        if (condition == Float.POSITIVE_INFINITY) {
            midpoint = FLOAT_OVERFLOW;
        } else if (condition == -Float.MAX_VALUE) {
            midpoint = -FLOAT_OVERFLOW;
        } else {
            midpoint = ((double) condition + (double) Math.nextDown(condition)) / 2;
        }
        boolean conditionIsEven = (Float.floatToRawIntBits(condition) & 1) == 0;
        return conditionIsEven ? Math.nextDown(midpoint) : midpoint;
    }

    /** Split nodes on the longest root-to-leaf path of any tree. */
    static int maxDepth(XgboostModel model) {
        int deepest = 0;
        for (XgboostTree tree : model.trees()) {
            deepest = Math.max(deepest, depth(tree, 0));
        }
        return deepest;
    }

    private static int depth(XgboostTree tree, int node) {
        if (tree.leaf(node)) {
            return 0;
        }
        return 1 + Math.max(depth(tree, tree.left()[node]), depth(tree, tree.right()[node]));
    }
}
