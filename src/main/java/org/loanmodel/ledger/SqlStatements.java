package org.loanmodel.ledger;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL the store runs, derived from the feature names. Portable between SQLite and PostgreSQL
 * (BIGINT, DOUBLE PRECISION, SMALLINT and ON CONFLICT mean the same in both); the tables come from
 * the migrations ({@link LogMigrations}).
 */
final class SqlStatements {
    /**
     * Rows in one multi-row INSERT. The database parses and steps one statement per 64 rows instead
     * of one per row: 2.1 instead of 2.9 µs per row on SQLite (bench/experiments/SqliteInsertCost),
     * and 13 × 64 parameters stay far below both databases' limits.
     */
    static final int ROWS_PER_INSERT = 64;

    final String insert;
    final String insertMany;
    final String label;
    final String labelBesideFinalDecision;
    final String finalDecision;
    final String finalDecisionBesideLabel;
    final String selectLabel;
    final String insertUnverified;
    final String selectUnverified;
    final String selectPrediction;
    final String countRows;
    final String addToCount;
    final String deleteOlderThan;
    final String deleteUnverifiedOlderThan;
    final String oldestKeptCreatedAt;
    final String insertChallenger;
    final String selectChallengers;
    final String deleteChallengersOlderThan;
    final String insertReasonText;
    final String selectReasonTexts;

    SqlStatements(List<String> features) {
        String names = String.join(", ", features);
        String marks = features.stream().map(name -> "?").collect(Collectors.joining(", "));
        String row = "(?, ?, ?, " + marks + ", ?, ?, ?, ?)";
        String into = "INSERT INTO predictions (prediction_id, created_at, model_version, " + names
                + ", probability, approval_status, monitoring_attributes, reasons) VALUES ";
        String onConflict = " ON CONFLICT (prediction_id) DO NOTHING";
        insert = into + row + onConflict;
        insertMany = into + String.join(", ", Collections.nCopies(ROWS_PER_INSERT, row)) + onConflict;
        label = "UPDATE predictions SET actual_outcome = ?, labelled_at = ? "
                + "WHERE prediction_id = ? AND actual_outcome IS NULL";
        // A request with both parts writes them all or not at all: the outcome only where the final
        // decision on record (if any) is the request's, the final decision only where the outcome on
        // record is the request's, which the outcome's statement, run first, has just ensured or not.
        labelBesideFinalDecision = label + " AND (final_decision IS NULL OR final_decision = ?)";
        finalDecision = "UPDATE predictions SET final_decision = ?, final_decided_at = ? "
                + "WHERE prediction_id = ? AND final_decision IS NULL";
        finalDecisionBesideLabel = finalDecision + " AND actual_outcome = ?";
        selectLabel = "SELECT created_at, model_version, " + names + ", approval_status, actual_outcome, labelled_at,"
                + " monitoring_attributes, final_decision, final_decided_at FROM predictions WHERE prediction_id = ?";
        insertUnverified = "INSERT INTO unverified_feedback (prediction_id, actual_outcome, predicted_outcome, "
                + "received_at) VALUES (?, ?, ?, ?) ON CONFLICT (prediction_id) DO NOTHING";
        selectUnverified = "SELECT actual_outcome, predicted_outcome, received_at FROM unverified_feedback "
                + "WHERE prediction_id = ?";
        selectPrediction = "SELECT created_at, model_version, " + names
                + ", probability, approval_status, actual_outcome, labelled_at, monitoring_attributes, final_decision,"
                + " final_decided_at, reasons FROM predictions WHERE prediction_id = ?";
        countRows = "SELECT COALESCE(SUM(decisions), 0) FROM " + V6CountRows.TABLE;
        addToCount = "INSERT INTO " + V6CountRows.TABLE + " (writer, decisions) VALUES (?, ?) ON CONFLICT (writer)"
                + " DO UPDATE SET decisions = " + V6CountRows.TABLE + ".decisions + excluded.decisions";
        deleteOlderThan = "DELETE FROM predictions WHERE created_at < ?";
        deleteUnverifiedOlderThan = "DELETE FROM unverified_feedback WHERE received_at < ?";
        // From the oldest end: the index is read as far as the rows to delete, not the rows kept.
        oldestKeptCreatedAt = "SELECT created_at FROM predictions ORDER BY created_at ASC LIMIT 1 OFFSET ?";
        insertChallenger = "INSERT INTO challenger_decisions (prediction_id, model_version, created_at, probability,"
                + " approval_status) VALUES (?, ?, ?, ?, ?) ON CONFLICT (prediction_id, model_version) DO NOTHING";
        selectChallengers = "SELECT model_version, probability, approval_status FROM challenger_decisions"
                + " WHERE prediction_id = ? ORDER BY model_version";
        deleteChallengersOlderThan = "DELETE FROM challenger_decisions WHERE created_at < ?";
        insertReasonText = "INSERT INTO reason_texts (model_version, feature_index, variant, code, feature, text)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (model_version, feature_index, variant) DO NOTHING";
        selectReasonTexts =
                "SELECT feature_index, variant, code, feature, text FROM reason_texts" + " WHERE model_version = ?";
    }

    /** What an insert transaction may run: the decisions' two inserts, the challengers' and the count. */
    List<String> everyInsert() {
        return List.of(insertMany, insert, insertChallenger, addToCount);
    }

    /** The ids among {@code count} given ones that are stored. */
    String selectIds(int count) {
        return "SELECT prediction_id FROM predictions WHERE prediction_id IN (" + marks(count) + ")";
    }

    /** Deletes the decisions with {@code count} given ids. */
    String deleteIds(int count) {
        return "DELETE FROM predictions WHERE prediction_id IN (" + marks(count) + ")";
    }

    String deleteChallengerIds(int count) {
        return "DELETE FROM challenger_decisions WHERE prediction_id IN (" + marks(count) + ")";
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
