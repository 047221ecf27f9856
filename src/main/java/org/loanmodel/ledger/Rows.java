package org.loanmodel.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.loanmodel.model.FeatureSchema;

/** Reads the decisions table's rows as the store's selects return them; NULL becomes NaN, -1 or null. */
final class Rows {
    private Rows() {}

    /** A row of {@link SqlStatements#selectLabel}. */
    static LabelRules.LoggedOutcome logged(ResultSet row, FeatureSchema schema, String predictionId)
            throws SQLException {
        List<Double> features = new ArrayList<>(schema.size());
        for (double value : features(row, schema)) {
            features.add(value);
        }
        Integer actual = integer(row, "actual_outcome");
        Integer finalDecision = integer(row, V2AddAttributesAndFinalDecisions.FINAL_DECISION);
        return new LabelRules.LoggedOutcome(
                row.getString("model_version"),
                row.getInt("approval_status"),
                actual == null ? -1 : actual,
                row.getLong("created_at"),
                row.getLong("labelled_at"),
                finalDecision == null ? -1 : finalDecision,
                row.getLong(V2AddAttributesAndFinalDecisions.FINAL_DECIDED_AT),
                features,
                attributes(row, predictionId));
    }

    /** A row of {@link SqlStatements#selectPrediction}. */
    static StoredPrediction stored(
            ResultSet row,
            FeatureSchema schema,
            String predictionId,
            Map<ReasonsColumn.TextKey, ReasonsColumn.ReasonText> words)
            throws SQLException {
        double[] features = features(row, schema);
        Integer actualOutcome = integer(row, "actual_outcome");
        Long labelledAtMillis = longOrNull(row, "labelled_at");
        ReasonsColumn.Explained explained =
                ReasonsColumn.decode(row.getString(V4RecordReasons.REASONS), predictionId, words);
        return new StoredPrediction(
                predictionId,
                row.getLong("created_at"),
                row.getString("model_version"),
                features,
                row.getDouble("probability"),
                row.getInt("approval_status"),
                actualOutcome,
                labelledAtMillis,
                attributes(row, predictionId),
                integer(row, V2AddAttributesAndFinalDecisions.FINAL_DECISION),
                longOrNull(row, V2AddAttributesAndFinalDecisions.FINAL_DECIDED_AT),
                explained.reasons(),
                explained.attribution());
    }

    private static double[] features(ResultSet row, FeatureSchema schema) throws SQLException {
        double[] features = new double[schema.size()];
        for (int i = 0; i < features.length; i++) {
            double value = row.getDouble(schema.name(i));
            // An absent optional feature is stored as NULL.
            features[i] = row.wasNull() ? Double.NaN : value;
        }
        return features;
    }

    private static java.util.Map<String, String> attributes(ResultSet row, String predictionId) throws SQLException {
        return AttributesColumn.decode(row.getString(V2AddAttributesAndFinalDecisions.ATTRIBUTES), predictionId);
    }

    private static Integer integer(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    private static Long longOrNull(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
