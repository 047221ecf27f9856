package org.loanmodel.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.loanmodel.testing.Tools;

/**
 * Models trained by XGBoost itself (xgboost4j, in-process), on rows whose outcome follows a rule
 * with noise, with missing values in one feature: the reference imported models must match.
 */
final class XgboostReference {
    static final List<String> NAMES = List.of("credit_score", "income", "debt_ratio", "months_employed", "inquiries");

    private XgboostReference() {}

    /** Trains a booster and saves it as JSON; returns it for predictions. */
    static Booster train(double[][] rows, int rounds, int depth, boolean named, Path json) throws XGBoostError {
        DMatrix train = XgboostRows.matrix(rows, XgboostRows.labels(rows, 3));
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

    /**
     * Trains a model with XGBoost 1.7.6 in a JVM of its own ({@link LegacyXgboostTrainer}), saved
     * in the 1.x JSON layout, and writes 1.7.6's probabilities for {@code XgboostRows.rows(2,
     * 1000)}, one per line.
     */
    static void trainWithXgboost17(Path model, Path probabilities) throws Exception {
        Path legacy = Tools.projectDir().resolve("target/xgboost-1.7");
        assertThat(legacy)
                .as("run through Maven: process-test-classes copies XGBoost 1.7.6 there")
                .isDirectory();
        String classpath =
                legacy.resolve("*") + File.pathSeparator + Tools.projectDir().resolve("target/test-classes");
        String javaBinary =
                Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        javaBinary,
                        "-cp",
                        classpath,
                        LegacyXgboostTrainer.class.getName(),
                        model.toString(),
                        probabilities.toString(),
                        "2000")
                .redirectErrorStream(true)
                .start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    /** XGBoost's own probabilities for the rows. */
    static float[] predict(Booster booster, double[][] rows) throws XGBoostError {
        float[][] predictions = booster.predict(XgboostRows.matrix(rows, null));
        float[] flat = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            flat[i] = predictions[i][0];
        }
        return flat;
    }

    /** XGBoost's own SHAP contributions: one per feature, then the bias. */
    static float[][] contributions(Booster booster, double[][] rows) throws XGBoostError {
        return booster.predictContrib(XgboostRows.matrix(rows, null), 0);
    }
}
