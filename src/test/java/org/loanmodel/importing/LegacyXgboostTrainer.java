package org.loanmodel.importing;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Trains a model in a JVM whose classpath holds XGBoost 1.7.6 instead of the tests' 3.x, saves it
 * in the 1.x JSON layout and writes XGBoost's own probabilities for the rows it was asked about.
 * Uses only the parts of xgboost4j's API that both releases share.
 *
 * <p>Arguments: the model file, the probabilities file, the number of training rows.
 */
public final class LegacyXgboostTrainer {
    private LegacyXgboostTrainer() {}

    public static void main(String[] args) throws Exception {
        double[][] train = XgboostRows.rows(1, Integer.parseInt(args[2]));
        DMatrix matrix = XgboostRows.matrix(train, XgboostRows.labels(train, 3));
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("objective", "binary:logistic");
        parameters.put("max_depth", 4);
        parameters.put("eta", 0.3);
        parameters.put("nthread", 1);
        parameters.put("seed", 7);
        Booster booster = XGBoost.train(matrix, parameters, 30, new HashMap<>(), null, null);
        booster.saveModel(args[0]);
        double[][] rows = XgboostRows.rows(2, 1000);
        float[][] predictions = booster.predict(XgboostRows.matrix(rows, null));
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1])))) {
            for (float[] prediction : predictions) {
                out.println(Float.toString(prediction[0]));
            }
        }
    }
}
