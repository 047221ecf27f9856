package org.loanmodel.importing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.FlatForest;
import org.loanmodel.model.HoldoutMetrics;
import org.loanmodel.model.ImportProvenance;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.model.ModelMetadata;
import org.loanmodel.model.ReferenceProfile;
import org.loanmodel.training.Evaluation;
import org.loanmodel.training.ReferenceProfiler;

/**
 * Turns an XGBoost model and its reference data into this service's artifact: the trees in the
 * flat form, the schema (inferred from the reference data, refined by a schema file), the
 * reference profile for drift, and holdout metrics when the data has an outcome column.
 *
 * <p>Example: {@code new XgboostImporter(clock).run(new XgboostImporter.Request(model, data,
 * "approved", null, 0.5)).model()}.
 */
public final class XgboostImporter {
    /** A whole-number column with at most this many distinct values gets one drift bin per value. */
    static final int MAX_VALUE_BINS = 12;

    private final Clock clock;

    public XgboostImporter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What to import.
     *
     * @param xgboost the model saved by XGBoost as JSON
     * @param reference the reference data (CSV with a header row)
     * @param labelColumn the reference data's 0/1 outcome column (1 = approved), or {@code null}
     * @param schemaFile a schema file, or {@code null} to infer every feature
     * @param threshold approval probability at or above which an application is approved
     */
    public record Request(Path xgboost, Path reference, String labelColumn, Path schemaFile, double threshold) {
        public Request {
            Objects.requireNonNull(xgboost, "xgboost");
            Objects.requireNonNull(reference, "reference");
            if (!(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("--threshold must be between 0 and 1 (exclusive), got " + threshold);
            }
        }
    }

    /**
     * The imported model and what the import decided on its own, one line each, for the operator.
     *
     * @param model the sealed model, ready to save and serve
     * @param notes e.g. which features were made optional because the data lacks values
     */
    public record Result(LoanModel model, List<String> notes) {}

    /**
     * @throws IllegalArgumentException naming the file, row or feature, when the model cannot be
     *     served exactly or the data does not fit it
     */
    public Result run(Request request) {
        XgboostModel xgboost = XgboostJsonReader.read(request.xgboost());
        ReferenceData data = ReferenceData.read(request.reference());
        Map<String, FeatureSpec> given =
                request.schemaFile() == null ? Map.of() : SchemaFile.read(request.schemaFile());
        List<String> notes = new ArrayList<>();
        int label = labelColumn(data, request);
        List<String> names = featureNames(xgboost, data, request, label);
        int[] columnOf = names.stream().mapToInt(data::column).toArray();
        List<double[]> rows = new ArrayList<>();
        for (double[] row : data.rows()) {
            double[] values = new double[columnOf.length];
            for (int f = 0; f < values.length; f++) {
                values[f] = row[columnOf[f]];
            }
            rows.add(values);
        }
        FeatureSchema schema = schema(names, given, rows, request, notes);
        FlatForest forest = XgboostFlattener.flatten(xgboost);
        double[] scores = score(xgboost, forest, schema, rows, request);
        HoldoutMetrics holdout = null;
        if (label >= 0) {
            int[] outcomes =
                    data.rows().stream().mapToInt(row -> (int) row[label]).toArray();
            holdout = Evaluation.evaluate(outcomes, scores, request.threshold());
        }
        ReferenceProfile reference = ReferenceProfiler.profile(schema, rows, scores, MAX_VALUE_BINS);
        ImportProvenance provenance = new ImportProvenance(
                "xgboost",
                xgboost.xgboostVersion(),
                fileName(request.xgboost()),
                sha256(request.xgboost()),
                xgboost.trees().size(),
                XgboostFlattener.maxDepth(xgboost),
                fileName(request.reference()),
                sha256(request.reference()),
                rows.size(),
                request.labelColumn(),
                request.schemaFile() == null ? null : fileName(request.schemaFile()));
        ModelMetadata metadata = new ModelMetadata(
                "unsealed",
                clock.instant().toString(),
                "xgboost",
                request.threshold(),
                schema,
                reference,
                null,
                holdout,
                provenance);
        return new Result(ModelArtifact.seal(metadata, forest), List.copyOf(notes));
    }

    private static int labelColumn(ReferenceData data, Request request) {
        if (request.labelColumn() == null) {
            return -1;
        }
        int label = data.column(request.labelColumn());
        if (label < 0) {
            throw new IllegalArgumentException("reference data " + request.reference() + " has no column '"
                    + request.labelColumn() + "' (set by --label); its columns: " + data.columns());
        }
        for (int r = 0; r < data.rows().size(); r++) {
            double outcome = data.rows().get(r)[label];
            if (outcome != 0 && outcome != 1) {
                throw new IllegalArgumentException("reference data " + request.reference() + " row " + (r + 1)
                        + ": the outcome column '" + request.labelColumn() + "' must be 0 or 1, got "
                        + org.loanmodel.model.Numbers.format(outcome));
            }
        }
        return label;
    }

    /**
     * The features in the trees' order: the model's own names, which the data's columns must match
     * in any order; or, for a model saved without names, the data's columns in file order.
     */
    private static List<String> featureNames(XgboostModel model, ReferenceData data, Request request, int label) {
        List<String> columns = new ArrayList<>(data.columns());
        if (label >= 0) {
            columns.remove(label);
        }
        String source = "reference data " + request.reference();
        if (model.featureNames().isEmpty()) {
            if (columns.size() != model.features()) {
                throw new IllegalArgumentException(source + " has " + columns.size() + " feature columns " + columns
                        + ", the model (saved without feature names) reads " + model.features()
                        + " features by position");
            }
            return List.copyOf(columns);
        }
        TreeSet<String> missing = new TreeSet<>(model.featureNames());
        missing.removeAll(columns);
        TreeSet<String> extra = new TreeSet<>(columns);
        model.featureNames().forEach(extra::remove);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + " lacks the column(s) " + missing + " the model reads");
        }
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException(source + " has column(s) " + extra
                    + " the model does not read; only the model's features and the --label column may appear");
        }
        return model.featureNames();
    }

    private static FeatureSchema schema(
            List<String> names,
            Map<String, FeatureSpec> given,
            List<double[]> rows,
            Request request,
            List<String> notes) {
        TreeSet<String> unknown = new TreeSet<>(given.keySet());
        names.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("schema file " + request.schemaFile() + " sets feature(s) " + unknown
                    + " the model does not read; its features: " + names);
        }
        List<FeatureSpec> features = new ArrayList<>();
        for (int f = 0; f < names.size(); f++) {
            String name = names.get(f);
            if (!FeatureSpec.isValidName(name)) {
                throw new IllegalArgumentException("feature '" + name
                        + "' cannot be a field of the API: names must be lower snake case (a-z, 0-9, _, starting"
                        + " with a letter); rename it in the training data and retrain, or save the model without"
                        + " feature names");
            }
            boolean absentSomewhere = false;
            for (double[] row : rows) {
                absentSomewhere |= Double.isNaN(row[f]);
            }
            FeatureSpec spec = given.get(name);
            if (spec == null) {
                spec = FeatureSpec.number(name, -Double.MAX_VALUE, Double.MAX_VALUE, "imported feature " + name);
                if (absentSomewhere) {
                    spec = spec.asOptional();
                    notes.add("feature '" + name + "' is optional: the reference data lacks it in some rows");
                }
            }
            features.add(spec);
        }
        FeatureSchema schema = new FeatureSchema(features);
        for (int r = 0; r < rows.size(); r++) {
            try {
                LoanApplication.of(schema, rows.get(r));
            } catch (InvalidInputException e) {
                throw new IllegalArgumentException("reference data " + request.reference() + " row " + (r + 1)
                        + " breaks the schema: " + e.getMessage());
            }
        }
        return schema;
    }

    /**
     * Every reference row's probability as served, checked against XGBoost's arithmetic on the
     * trees as read: the flat form must answer the same to the bit.
     */
    private static double[] score(
            XgboostModel xgboost, FlatForest forest, FeatureSchema schema, List<double[]> rows, Request request) {
        double[] scores = new double[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            double served = forest.probability(LoanApplication.of(schema, rows.get(r)));
            double read = xgboost.probability(rows.get(r));
            if (Double.compare(served, read) != 0) {
                throw new IllegalStateException("reference data " + request.reference() + " row " + (r + 1)
                        + ": the flat trees answer " + served + ", the model's own trees " + read);
            }
            scores[r] = served;
        }
        return scores;
    }

    private static String fileName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the runtime", e);
        }
    }
}
