package org.loanmodel.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.loanmodel.model.FeatureSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a prediction log to the newest schema version this build knows, with Flyway, or refuses
 * to start with a message that says what to do: when the log is newer than the service, when it
 * holds another model's features, or when a log made before migrations is not what version 1
 * creates. Logs made before migrations (no history table) are baselined at version 1 once their
 * tables are checked to be exactly version 1's.
 */
final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private final String url;
    private final String location;
    private final SqlDialect dialect;
    private final FeatureSchema schema;
    private final List<LogMigration> migrations;

    /**
     * @param location the log as the operator named it, for messages
     * @param migrations every step this build knows, oldest first ({@link LogMigrations})
     */
    SchemaMigrator(
            String url, String location, SqlDialect dialect, FeatureSchema schema, List<LogMigration> migrations) {
        this.url = url;
        this.location = location;
        this.dialect = dialect;
        this.schema = schema;
        this.migrations = List.copyOf(migrations);
    }

    /**
     * Migrates the log.
     *
     * @throws IllegalArgumentException when the log must not be used by this service, saying why and
     *     what to set
     * @throws SQLException when the database cannot be read
     */
    void migrate() throws SQLException {
        LogInspection found;
        try (Connection connection = dialect.connect(url, CommitMode.ASYNC)) {
            found = LogInspection.read(connection, dialect);
            connection.rollback();
        }
        refuseNewer(found.newest());
        if (found.hasPredictions()) {
            refuseOtherFeatures(found.featureNames());
        }
        MigrationVersion latest = LogMigrations.latest(migrations);
        if (found.upToDate(migrations)) {
            // Starting Flyway costs a few hundred milliseconds of class loading; a restart skips it.
            LOG.info("prediction log {} at schema version {}", location, latest.getVersion());
            return;
        }
        if (found.madeBeforeMigrations()) {
            refuseUnlikeVersion1(found);
        }
        MigrateResult result = flyway(found.madeBeforeMigrations()).migrate();
        LOG.info(
                "prediction log {} at schema version {} ({})",
                location,
                latest.getVersion(),
                found.madeBeforeMigrations()
                        ? "made before migrations, baselined at 1"
                        : result.migrationsExecuted + " migrations applied");
    }

    /**
     * Flyway for this log, given its migrations as objects so that it scans nothing. A log made
     * before migrations is baselined at 1, so that version 1 is not run over its tables; any other
     * store that holds tables but no history (a shared PostgreSQL database) is baselined at 0, so
     * that version 1 still creates the log beside them.
     */
    private Flyway flyway(boolean madeBeforeMigrations) {
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(url, null, null)
                .locations(new Location[0])
                .javaMigrations(migrations.toArray(LogMigration[]::new))
                .table(LogInspection.HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion(madeBeforeMigrations ? "1" : "0")
                .baselineDescription("prediction log made before migrations")
                .loggers("slf4j")
                .load();
    }

    /**
     * Flyway 10 and later ignore applied versions the build does not know ("future" migrations) by
     * default; a service must not write a log whose schema it does not understand.
     */
    private void refuseNewer(MigrationVersion newest) {
        MigrationVersion latest = LogMigrations.latest(migrations);
        if (newest != null && newest.compareTo(latest) > 0) {
            throw new IllegalArgumentException("prediction log " + location + " has schema version "
                    + newest.getVersion() + ", newer than this service's " + latest.getVersion()
                    + "; run a newer release or set --prediction-log to another " + dialect.locationNoun());
        }
    }

    private void refuseOtherFeatures(List<String> found) {
        if (!found.equals(schema.names())) {
            throw new IllegalArgumentException("prediction log " + location + " holds features " + found
                    + " but the model reads " + schema.names() + "; set --prediction-log to another "
                    + dialect.locationNoun() + " or migrate the log");
        }
    }

    private void refuseUnlikeVersion1(LogInspection found) {
        String difference = firstDifference(
                V1CreatePredictionLog.PREDICTIONS,
                V1CreatePredictionLog.predictionColumns(schema),
                found.predictions());
        if (difference == null) {
            difference = firstDifference(
                    V1CreatePredictionLog.UNVERIFIED, V1CreatePredictionLog.unverifiedColumns(), found.unverified());
        }
        if (difference != null) {
            throw new IllegalArgumentException("prediction log " + location
                    + " was made before schema migrations but is not what schema version 1 creates: " + difference
                    + "; set --prediction-log to another " + dialect.locationNoun() + " or migrate the log");
        }
    }

    private String firstDifference(String table, List<Column> declared, List<Column> found) {
        if (found.isEmpty()) {
            return "table " + table + " is missing";
        }
        List<String> declaredNames = declared.stream().map(Column::name).toList();
        List<String> foundNames = found.stream().map(Column::name).toList();
        if (!declaredNames.equals(foundNames)) {
            return "table " + table + " has columns " + foundNames + ", version 1 creates " + declaredNames;
        }
        for (int i = 0; i < declared.size(); i++) {
            String difference = declared.get(i).differenceFrom(found.get(i), dialect);
            if (difference != null) {
                return "column " + table + "." + declared.get(i).name() + " " + difference;
            }
        }
        return null;
    }
}
