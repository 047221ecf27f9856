package org.loanmodel.importing;

import java.util.List;

/**
 * A binary logistic XGBoost model read from its JSON file.
 *
 * @param xgboostVersion the release that saved it, e.g. {@code 3.4.0}
 * @param featureNames the model's feature names, or empty when it was trained without them
 * @param features number of features the trees read
 * @param baseScore the starting probability, before any tree
 * @param trees the trees, summed in this order
 */
record XgboostModel(
        String xgboostVersion, List<String> featureNames, int features, float baseScore, List<XgboostTree> trees) {

    /** The margin XGBoost starts from: the log-odds of the base score, in float as XGBoost keeps it. */
    float baseMargin() {
        float odds = 1.0f / baseScore - 1.0f;
        return (float) -Math.log(odds);
    }

    /**
     * The log-odds margin of a row in XGBoost's own arithmetic: float32, trees added in order to the
     * base margin.
     */
    float margin(double[] row) {
        float margin = baseMargin();
        for (XgboostTree tree : trees) {
            margin += tree.leafValue(row);
        }
        return margin;
    }

    /** The approval probability, XGBoost's float sigmoid of the margin. */
    double probability(double[] row) {
        return sigmoid(margin(row));
    }

    static float sigmoid(float margin) {
        return 1.0f / (1.0f + (float) Math.exp(-margin));
    }
}
