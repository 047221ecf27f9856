package org.loanmodel.importing;

/**
 * One regression tree of an XGBoost model as its JSON file stores it: node {@code n} is a leaf when
 * {@code left[n] == -1}, its value then in {@code condition[n]}; otherwise a row goes to {@code
 * left[n]} when its feature {@code feature[n]}, rounded to float, is below {@code condition[n]},
 * to {@code right[n]} when not, and to the default side when the value is missing.
 *
 * @param left left child of each node, -1 for leaves
 * @param right right child of each node
 * @param feature feature index tested by each split
 * @param condition split threshold, or leaf value
 * @param defaultLeft whether a missing value goes left
 * @param cover the sum of hessians of the training rows that reached each node
 */
record XgboostTree(int[] left, int[] right, int[] feature, float[] condition, boolean[] defaultLeft, float[] cover) {

    int nodes() {
        return left.length;
    }

    boolean leaf(int node) {
        return left[node] == -1;
    }

    /** The leaf value for a row, walked exactly as XGBoost walks it. */
    float leafValue(double[] row) {
        int node = 0;
        while (!leaf(node)) {
            double value = row[feature[node]];
            if (Double.isNaN(value)) {
                node = defaultLeft[node] ? left[node] : right[node];
            } else {
                node = (float) value < condition[node] ? left[node] : right[node];
            }
        }
        return condition[node];
    }
}
