package org.loanmodel.ledger;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;

/**
 * Schema version 1: the decisions with one column per feature, and outcomes for ids the service
 * never issued. Exactly the tables the releases before migrations created, so their logs are
 * baselined at this version.
 */
final class V1CreatePredictionLog extends LogMigration {
    static final String PREDICTIONS = "predictions";
    static final String UNVERIFIED = "unverified_feedback";
    /** The column before the first feature; features sit between it and {@link #AFTER_FEATURES}. */
    static final String BEFORE_FEATURES = "model_version";

    static final String AFTER_FEATURES = "probability";

    private final FeatureSchema schema;

    V1CreatePredictionLog(FeatureSchema schema) {
        super("1", "create prediction log");
        this.schema = schema;
    }

    /** The decisions table: one DOUBLE PRECISION column per feature, nullable when optional. */
    static List<Column> predictionColumns(FeatureSchema schema) {
        List<Column> columns = new ArrayList<>(List.of(
                Column.key("prediction_id", "TEXT"),
                Column.required("created_at", "BIGINT"),
                Column.required(BEFORE_FEATURES, "TEXT")));
        for (FeatureSpec feature : schema.features()) {
            columns.add(
                    feature.optional()
                            ? Column.nullable(feature.name(), "DOUBLE PRECISION")
                            : Column.required(feature.name(), "DOUBLE PRECISION"));
        }
        columns.addAll(List.of(
                Column.required(AFTER_FEATURES, "DOUBLE PRECISION"),
                Column.required("approval_status", "SMALLINT"),
                Column.nullable("actual_outcome", "SMALLINT"),
                Column.nullable("labelled_at", "BIGINT")));
        return columns;
    }

    /** Outcomes in the original system's form, for ids the service never issued. */
    static List<Column> unverifiedColumns() {
        return List.of(
                Column.key("prediction_id", "TEXT"),
                Column.required("actual_outcome", "SMALLINT"),
                Column.required("predicted_outcome", "SMALLINT"),
                Column.required("received_at", "BIGINT"));
    }

    @Override
    void apply(Statement sql) throws SQLException {
        sql.execute(createTable(PREDICTIONS, predictionColumns(schema)));
        sql.execute("CREATE INDEX predictions_created_at ON predictions (created_at)");
        sql.execute(createTable(UNVERIFIED, unverifiedColumns()));
        sql.execute("CREATE INDEX unverified_feedback_received_at ON unverified_feedback (received_at)");
    }

    private static String createTable(String name, List<Column> columns) {
        return columns.stream()
                .map(Column::ddl)
                .collect(Collectors.joining(",\n  ", "CREATE TABLE " + name + " (\n  ", ")"));
    }
}
