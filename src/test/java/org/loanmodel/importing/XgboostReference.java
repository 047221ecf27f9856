package org.loanmodel.importing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Models trained by XGBoost itself (xgboost4j, in-process), on rows whose outcome follows a rule
 * with noise, with missing values in one feature: the reference imported models must match.
 */
final class XgboostReference {
    static final List<String> NAMES = List.of("credit_score", "income", "debt_ratio", "months_employed", "inquiries");

    private XgboostReference() {}

    /** Rows of the five features; {@code debt_ratio} missing in about one row in ten. */
    static double[][] rows(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = new double[] {
                300 + random.nextInt(551),
                Math.round(random.nextDouble() * 150_000 * 100) / 100.0,
                random.nextInt(10) == 0 ? Double.NaN : Math.round(random.nextDouble() * 120) / 100.0,
                random.nextInt(240),
                random.nextInt(9)
            };
        }
        return rows;
    }

    static float[] labels(double[][] rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] labels = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double[] r = rows[i];
            boolean good = r[0] > 620 && r[1] > 30_000 && (Double.isNaN(r[2]) || r[2] < 0.6) && r[4] < 6;
            labels[i] = (good ^ random.nextInt(20) == 0) ? 1 : 0;
        }
        return labels;
    }

    static DMatrix matrix(double[][] rows, float[] labels) throws XGBoostError {
        int features = rows[0].length;
        float[] data = new float[rows.length * features];
        for (int i = 0; i < rows.length; i++) {
            for (int f = 0; f < features; f++) {
                data[i * features + f] = (float) rows[i][f];
            }
        }
        DMatrix matrix = new DMatrix(data, rows.length, features, Float.NaN);
        if (labels != null) {
            matrix.setLabel(labels);
        }
        return matrix;
    }

    /** Trains a booster and saves it as JSON; returns it for predictions. */
    static Booster train(double[][] rows, int rounds, int depth, boolean named, Path json) throws XGBoostError {
        DMatrix train = matrix(rows, labels(rows, 3));
        if (named) {
            train.setFeatureNames(NAMES.toArray(String[]::new));
        }
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("objective", "binary:logistic");
        parameters.put("max_depth", depth);
        parameters.put("eta", 0.3);
        parameters.put("nthread", 1);
        parameters.put("seed", 7);
        Booster booster = XGBoost.train(train, parameters, rounds, new HashMap<>(), null, null);
        booster.saveModel(json.toString());
        return booster;
    }

    /** XGBoost's own probabilities for the rows. */
    static float[] predict(Booster booster, double[][] rows) throws XGBoostError {
        float[][] predictions = booster.predict(matrix(rows, null));
        float[] flat = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            flat[i] = predictions[i][0];
        }
        return flat;
    }

    /** XGBoost's own SHAP contributions: one per feature, then the bias. */
    static float[][] contributions(Booster booster, double[][] rows) throws XGBoostError {
        return booster.predictContrib(matrix(rows, null), 0);
    }
}
