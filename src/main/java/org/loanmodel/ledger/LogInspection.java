package org.loanmodel.ledger;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.flywaydb.core.api.MigrationVersion;

/**
 * What a database holds of a prediction log before it is migrated, read through JDBC metadata.
 *
 * @param hasHistory whether Flyway's history table exists (absent in logs made before migrations)
 * @param applied the versions the history records, in the order they were applied
 * @param predictions the decisions table's columns in table order, empty when it does not exist
 * @param unverified the unverified-outcomes table's columns, empty when it does not exist
 */
record LogInspection(
        boolean hasHistory, List<AppliedVersion> applied, List<Column> predictions, List<Column> unverified) {
    /**
     * Flyway's history of this log, named apart from Flyway's default so that another application
     * migrated with Flyway in a shared database keeps its own history.
     */
    static final String HISTORY_TABLE = "prediction_log_schema_history";

    /**
     * One row of Flyway's history.
     *
     * @param version the schema version
     * @param baseline whether it marks a baseline rather than a step that ran
     * @param success whether it completed
     */
    record AppliedVersion(MigrationVersion version, boolean baseline, boolean success) {}

    static LogInspection read(Connection connection, SqlDialect dialect) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        String schema = dialect.metadataSchema(connection);
        boolean hasHistory = !columns(metadata, schema, HISTORY_TABLE).isEmpty();
        return new LogInspection(
                hasHistory,
                hasHistory ? history(connection) : List.of(),
                columns(metadata, schema, V1CreatePredictionLog.PREDICTIONS),
                columns(metadata, schema, V1CreatePredictionLog.UNVERIFIED));
    }

    /** Read directly, so that a log already at the newest version opens without starting Flyway. */
    private static List<AppliedVersion> history(Connection connection) throws SQLException {
        List<AppliedVersion> applied = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT version, type, success FROM " + HISTORY_TABLE
                        + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (row.next()) {
                applied.add(new AppliedVersion(
                        MigrationVersion.fromVersion(row.getString(1)),
                        row.getString(2).contains("BASELINE"),
                        row.getBoolean(3)));
            }
        }
        return applied;
    }

    private static List<Column> columns(DatabaseMetaData metadata, String schema, String table) throws SQLException {
        TreeMap<Integer, Column> byPosition = new TreeMap<>();
        try (ResultSet row = metadata.getColumns(null, schema, table, null)) {
            while (row.next()) {
                // The name is a LIKE pattern, in which '_' matches any character.
                if (table.equals(row.getString("TABLE_NAME"))) {
                    byPosition.put(
                            row.getInt("ORDINAL_POSITION"),
                            new Column(
                                    row.getString("COLUMN_NAME"),
                                    row.getString("TYPE_NAME"),
                                    "NO".equals(row.getString("IS_NULLABLE")),
                                    false));
                }
            }
        }
        return List.copyOf(byPosition.values());
    }

    /** The newest version the history records, or {@code null} when it records none. */
    MigrationVersion newest() {
        return applied.stream()
                .map(AppliedVersion::version)
                .max(MigrationVersion::compareTo)
                .orElse(null);
    }

    /**
     * Whether nothing is left to migrate: every step succeeded and every version up to {@code
     * latest} is recorded or lies below a baseline.
     */
    boolean upToDate(List<LogMigration> migrations) {
        if (applied.isEmpty() || !applied.stream().allMatch(AppliedVersion::success)) {
            return false;
        }
        MigrationVersion baseline = applied.stream()
                .filter(AppliedVersion::baseline)
                .map(AppliedVersion::version)
                .max(MigrationVersion::compareTo)
                .orElse(MigrationVersion.EMPTY);
        return migrations.stream()
                .map(LogMigration::getVersion)
                .allMatch(version -> version.compareTo(baseline) <= 0
                        || applied.stream().anyMatch(a -> a.version().equals(version)));
    }

    boolean hasPredictions() {
        return !predictions.isEmpty();
    }

    /** A log written before the schema was managed by migrations: tables, but no history. */
    boolean madeBeforeMigrations() {
        return hasPredictions() && !hasHistory;
    }

    /**
     * The feature columns in table order: those between {@code model_version} and {@code
     * probability}, where version 1 puts them (later versions append their columns at the end).
     * Every column when the table lacks either marker, so that a message shows what is there.
     */
    List<String> featureNames() {
        List<String> names = new ArrayList<>();
        predictions.forEach(column -> names.add(column.name()));
        int first = names.indexOf(V1CreatePredictionLog.BEFORE_FEATURES);
        int end = names.indexOf(V1CreatePredictionLog.AFTER_FEATURES);
        return first >= 0 && end > first ? List.copyOf(names.subList(first + 1, end)) : names;
    }
}
