package org.loanmodel.importing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.loanmodel.model.FeatureKind;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.Numbers;
import org.loanmodel.training.LoanDataGenerator;
import org.loanmodel.training.TrainingExample;

/**
 * Writes the repository's example of a model trained elsewhere, {@code examples/xgboost/}: an
 * XGBoost model of the seven loan features trained on synthetic applications ({@code model.json}),
 * labelled reference data ({@code reference.csv}) and a schema file with the features' rules
 * ({@code schema.json}). Deterministic: one thread, fixed seeds.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:<test classpath>
 * org.loanmodel.importing.ExampleXgboostModel examples/xgboost}
 */
public final class ExampleXgboostModel {
    static final FeatureSchema SCHEMA = LoanDataGenerator.SCHEMA;

    private ExampleXgboostModel() {}

    public static void main(String[] args) throws Exception {
        write(Path.of(args[0]));
    }

    /** Writes the three files into {@code folder}; returns the trained booster. */
    static Booster write(Path folder) throws IOException, XGBoostError {
        Files.createDirectories(folder);
        List<TrainingExample> training = new LoanDataGenerator(21, 0.05).generate(5000);
        Booster booster = train(training);
        booster.saveModel(folder.resolve("model.json").toString());
        writeReference(folder.resolve("reference.csv"), new LoanDataGenerator(22, 0.05).generate(2000));
        Files.writeString(folder.resolve("schema.json"), schemaJson());
        return booster;
    }

    private static Booster train(List<TrainingExample> rows) throws XGBoostError {
        int features = SCHEMA.size();
        float[] data = new float[rows.size() * features];
        float[] labels = new float[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int f = 0; f < features; f++) {
                data[r * features + f] = (float) rows.get(r).application().value(f);
            }
            labels[r] = rows.get(r).outcome();
        }
        DMatrix matrix = new DMatrix(data, rows.size(), features, Float.NaN);
        matrix.setLabel(labels);
        matrix.setFeatureNames(SCHEMA.names().toArray(String[]::new));
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("objective", "binary:logistic");
        parameters.put("max_depth", 4);
        parameters.put("eta", 0.1);
        parameters.put("nthread", 1);
        parameters.put("seed", 21);
        return XGBoost.train(matrix, parameters, 100, new HashMap<>(), null, null);
    }

    private static void writeReference(Path file, List<TrainingExample> rows) throws IOException {
        StringBuilder csv = new StringBuilder(String.join(",", SCHEMA.names())).append(",approved\n");
        for (TrainingExample row : rows) {
            for (int f = 0; f < SCHEMA.size(); f++) {
                csv.append(Numbers.format(row.application().value(f))).append(',');
            }
            csv.append(row.outcome()).append('\n');
        }
        Files.writeString(file, csv);
    }

    /** The seed features' rules in the schema file's form. */
    static String schemaJson() {
        List<String> features = new ArrayList<>();
        for (FeatureSpec spec : SCHEMA.features()) {
            StringBuilder json = new StringBuilder("    {\"name\": \"" + spec.name() + "\", \"kind\": \""
                    + spec.kind().name().toLowerCase(Locale.ROOT) + "\"");
            if (spec.kind() == FeatureKind.CATEGORY) {
                json.append(", \"categories\": ").append(spec.describeCategories());
            } else {
                json.append(", \"min\": ")
                        .append(Numbers.format(spec.min()))
                        .append(", \"max\": ")
                        .append(Numbers.format(spec.max()));
            }
            json.append(", \"description\": \"").append(spec.description()).append("\"}");
            features.add(json.toString());
        }
        return "{\"features\": [\n" + String.join(",\n", features) + "\n]}\n";
    }
}
