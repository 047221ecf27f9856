package org.loanmodel.importing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The rows XGBoost reference models are trained and checked on: five features whose outcome follows
 * a rule with 5 % noise, {@code debt_ratio} missing in about one row in ten.
 */
final class XgboostRows {
    private XgboostRows() {}

    /** Rows of the five features of {@link XgboostReference#NAMES}. */
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

    /**
     * Writes rows as reference data: a header of the columns in {@code order} (indices into
     * {@link XgboostReference#NAMES}, the outcome column {@code approved} at {@code labelAt}), an
     * empty cell for a missing value.
     */
    static void writeCsv(Path file, double[][] rows, float[] labels, int[] order, int labelAt) throws IOException {
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>();
        for (int column : order) {
            header.add(XgboostReference.NAMES.get(column));
        }
        if (labels != null) {
            header.add(labelAt, "approved");
        }
        csv.append(String.join(",", header)).append('\n');
        for (int r = 0; r < rows.length; r++) {
            List<String> cells = new ArrayList<>();
            for (int column : order) {
                double value = rows[r][column];
                cells.add(Double.isNaN(value) ? "" : Double.toString(value));
            }
            if (labels != null) {
                cells.add(labelAt, Integer.toString((int) labels[r]));
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        Files.writeString(file, csv);
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
}
