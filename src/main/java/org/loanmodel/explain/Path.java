package org.loanmodel.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the path from a tree's root to one leaf asks of a row: for each feature, the interval
 * {@code (lower, upper]} its value must lie in (every value for a feature the path does not test),
 * and for each distinct feature it tests, the product of the cover ratios of those tests.
 */
final class Path {
    private final int[] features;
    private final double[] zero;
    private final double value;
    private final double[] lower;
    private final double[] upper;

    private Path(int[] features, double[] zero, double value, double[] lower, double[] upper) {
        this.features = features;
        this.zero = zero;
        this.value = value;
        this.lower = lower;
        this.upper = upper;
    }

    /** The paths of every leaf of tree {@code t}, in leaf order. */
    static List<Path> ofTree(Trees trees, int t) {
        List<Path> paths = new ArrayList<>();
        new Walk(trees, paths).visit(trees.roots[t]);
        return paths;
    }

    /** The lower end of the interval for schema feature {@code d}; minus infinity when untested. */
    double lowerOf(int d) {
        return lower[d];
    }

    /** The upper end of the interval for schema feature {@code d}; infinity when untested. */
    double upperOf(int d) {
        return upper[d];
    }

    /** Number of distinct features the path tests. */
    int size() {
        return features.length;
    }

    /** Schema index of the path's {@code j}-th distinct feature, in the order first tested. */
    int feature(int j) {
        return features[j];
    }

    /** The leaf's Shapley values as interaction terms, see {@link LeafGame#terms}. */
    double[] terms() {
        return LeafGame.terms(zero, value);
    }

    /** A depth-first walk keeping, per feature, the interval and cover product so far. */
    private static final class Walk {
        private final Trees trees;
        private final List<Path> paths;
        private final double[] lower;
        private final double[] upper;
        private final double[] zero;
        /** Features in the order first tested on the current path. */
        private final List<Integer> order = new ArrayList<>();

        Walk(Trees trees, List<Path> paths) {
            this.trees = trees;
            this.paths = paths;
            lower = new double[trees.features];
            upper = new double[trees.features];
            zero = new double[trees.features];
            Arrays.fill(lower, Double.NEGATIVE_INFINITY);
            Arrays.fill(upper, Double.POSITIVE_INFINITY);
            Arrays.fill(zero, 1);
        }

        void visit(int node) {
            if (node < 0) {
                paths.add(leaf(~node));
                return;
            }
            int d = trees.feature[node];
            double threshold = trees.threshold[node];
            boolean first = !order.contains(d);
            if (first) {
                order.add(d);
            }
            double savedLower = lower[d];
            double savedUpper = upper[d];
            double savedZero = zero[d];
            lower[d] = Math.max(savedLower, threshold);
            zero[d] = savedZero * trees.cover(trees.greater[node]) / trees.splitCover[node];
            visit(trees.greater[node]);
            lower[d] = savedLower;
            upper[d] = Math.min(savedUpper, threshold);
            zero[d] = savedZero * trees.cover(trees.lessOrEqual[node]) / trees.splitCover[node];
            visit(trees.lessOrEqual[node]);
            upper[d] = savedUpper;
            zero[d] = savedZero;
            if (first) {
                order.remove(order.size() - 1);
            }
        }

        private Path leaf(int leaf) {
            int m = order.size();
            int[] features = new int[m];
            double[] z = new double[m];
            for (int j = 0; j < m; j++) {
                features[j] = order.get(j);
                z[j] = zero[features[j]];
            }
            return new Path(features, z, trees.leafValue[leaf], lower.clone(), upper.clone());
        }
    }
}
