package org.loanmodel.explain;

import org.loanmodel.model.LoanApplication;

/**
 * Polynomial-time TreeSHAP for one tree (Lundberg, Erion and Lee, "Consistent individualized
 * feature attribution for tree ensembles", Algorithm 2): the exact Shapley values of the
 * path-dependent value function, where a feature outside the coalition sends the row down both
 * branches of a split, weighted by the children's covers.
 *
 * <p>One walk visits every node and keeps, for the features met on the way, the share of all
 * coalitions' weight that reaches the node with the feature known ({@code one}: 1 when the row
 * takes the branch, else 0) and unknown ({@code zero}: the product of cover ratios). A feature met
 * twice is first taken out of the path ("unwound") and put back with both tests combined. Costs
 * {@code O(leaves * depth^2)} per tree and row, which is why {@link CellTable} precomputes the
 * result for the trees it can; this class explains the others and is the reference in tests.
 */
final class TreeShap {
    private final Trees trees;
    /** Room for the unique paths of every level of the deepest tree, one segment after another. */
    private final int capacity;
    /**
     * {@code 1 / k} for every path length {@code k}: the walk multiplies by these instead of
     * dividing, which made it twice as fast.
     */
    private final double[] reciprocal;

    TreeShap(Trees trees) {
        this.trees = trees;
        int deepest = 0;
        for (int depth : trees.depth) {
            deepest = Math.max(deepest, depth);
        }
        capacity = (deepest + 3) * (deepest + 3);
        reciprocal = new double[deepest + 3];
        for (int k = 1; k < reciprocal.length; k++) {
            reciprocal[k] = 1.0 / k;
        }
    }

    /** Scratch for explaining one row, tree by tree, into {@code phi}. */
    Walk walk(LoanApplication row, double[] phi) {
        return new Walk(row, phi, capacity);
    }

    /** One row's explanation: its scratch, reused for every tree. */
    final class Walk {
        private final LoanApplication row;
        private final double[] phi;
        private final int[] feature;
        private final double[] zero;
        private final double[] one;
        private final double[] weight;

        private Walk(LoanApplication row, double[] phi, int capacity) {
            this.row = row;
            this.phi = phi;
            feature = new int[capacity];
            zero = new double[capacity];
            one = new double[capacity];
            weight = new double[capacity];
        }

        /** Adds the contributions of tree {@code tree} to the raw output for the row to {@code phi}. */
        void add(int tree) {
            visit(trees.roots[tree], 1, 0, 0, 1, 1, -1);
        }

        /**
         * Visits a node whose path has {@code depth} elements before the one the node's parent
         * split adds ({@code parentZero}, {@code parentOne}, {@code parentFeature}); the parent's
         * path sits at {@code parentStart}, this node's is copied to {@code start}.
         */
        private void visit(
                int node,
                int start,
                int parentStart,
                int depth,
                double parentZero,
                double parentOne,
                int parentFeature) {
            System.arraycopy(feature, parentStart, feature, start, depth);
            System.arraycopy(zero, parentStart, zero, start, depth);
            System.arraycopy(one, parentStart, one, start, depth);
            System.arraycopy(weight, parentStart, weight, start, depth);
            extend(start, depth, parentZero, parentOne, parentFeature);
            if (node < 0) {
                double value = trees.leafValue[~node];
                for (int i = 1; i <= depth; i++) {
                    int at = start + i;
                    phi[feature[at]] += unwoundSum(start, depth, i) * (one[at] - zero[at]) * value;
                }
                return;
            }
            int split = trees.feature[node];
            boolean takesGreater = trees.takesGreater(node, row.value(split));
            int hot = takesGreater ? trees.greater[node] : trees.lessOrEqual[node];
            int cold = takesGreater ? trees.lessOrEqual[node] : trees.greater[node];
            double cover = trees.splitCover[node];
            double incomingZero = 1;
            double incomingOne = 1;
            int length = depth + 1;
            for (int i = 1; i <= depth; i++) {
                if (feature[start + i] == split) {
                    incomingZero = zero[start + i];
                    incomingOne = one[start + i];
                    unwind(start, depth, i);
                    length = depth;
                    break;
                }
            }
            int next = start + depth + 1;
            double hotZero = trees.cover(hot) / cover * incomingZero;
            double coldZero = trees.cover(cold) / cover * incomingZero;
            // A branch that no coalition reaches (zero and one both 0) adds exactly nothing, and
            // unwinding its element later would divide by zero: skip it.
            if (hotZero != 0 || incomingOne != 0) {
                visit(hot, next, start, length, hotZero, incomingOne, split);
            }
            if (coldZero != 0) {
                visit(cold, next, start, length, coldZero, 0, split);
            }
        }

        /** Appends element {@code depth}, updating the coalition-size weights of the path. */
        private void extend(int start, int depth, double zeroFraction, double oneFraction, int splitFeature) {
            int at = start + depth;
            feature[at] = splitFeature;
            zero[at] = zeroFraction;
            one[at] = oneFraction;
            weight[at] = depth == 0 ? 1 : 0;
            double share = reciprocal[depth + 1];
            for (int i = depth - 1; i >= 0; i--) {
                weight[start + i + 1] += oneFraction * weight[start + i] * (i + 1) * share;
                weight[start + i] = zeroFraction * weight[start + i] * (depth - i) * share;
            }
        }

        /**
         * Removes element {@code index} from a path of {@code depth + 1} elements (undoes extend).
         * An element's {@code one} is 1 or 0: the row passes all its tests or not.
         */
        private void unwind(int start, int depth, int index) {
            double oneFraction = one[start + index];
            double zeroFraction = zero[start + index];
            double share = reciprocal[depth + 1];
            if (oneFraction != 0) {
                double carried = weight[start + depth];
                for (int i = depth - 1; i >= 0; i--) {
                    double kept = weight[start + i];
                    weight[start + i] = carried * (depth + 1) * reciprocal[i + 1] / oneFraction;
                    carried = kept - weight[start + i] * zeroFraction * (depth - i) * share;
                }
            } else {
                double unknown = (depth + 1) / zeroFraction;
                for (int i = depth - 1; i >= 0; i--) {
                    weight[start + i] = weight[start + i] * unknown * reciprocal[depth - i];
                }
            }
            for (int i = index; i < depth; i++) {
                feature[start + i] = feature[start + i + 1];
                zero[start + i] = zero[start + i + 1];
                one[start + i] = one[start + i + 1];
            }
        }

        /** The total weight the path would have without element {@code index}, leaving it intact. */
        private double unwoundSum(int start, int depth, int index) {
            double oneFraction = one[start + index];
            double zeroFraction = zero[start + index];
            double total = 0;
            if (oneFraction != 0) {
                double known = (depth + 1) / oneFraction;
                double unknown = zeroFraction * reciprocal[depth + 1];
                double carried = weight[start + depth];
                for (int i = depth - 1; i >= 0; i--) {
                    double w = carried * known * reciprocal[i + 1];
                    total += w;
                    carried = weight[start + i] - w * unknown * (depth - i);
                }
            } else {
                double unknown = (depth + 1) / zeroFraction;
                for (int i = depth - 1; i >= 0; i--) {
                    total += weight[start + i] * unknown * reciprocal[depth - i];
                }
            }
            return total;
        }
    }
}
