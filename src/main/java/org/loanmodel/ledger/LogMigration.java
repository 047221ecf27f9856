package org.loanmodel.ledger;

import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * One step of the prediction-log schema, run by Flyway inside a transaction. Subclasses are Java
 * rather than SQL files because the columns follow the served model's feature schema, and because
 * handing them to Flyway directly spares it a classpath scan at start-up.
 */
abstract class LogMigration implements JavaMigration {
    private final MigrationVersion version;
    private final String description;

    /**
     * @param version the schema version this step produces; never reuse one
     * @param description what it does, as Flyway records it; never change it once released
     */
    LogMigration(String version, String description) {
        this.version = MigrationVersion.fromVersion(version);
        this.description = description;
    }

    /** Runs the step's statements on the migration's connection. */
    abstract void apply(Statement sql) throws SQLException;

    @Override
    public final MigrationVersion getVersion() {
        return version;
    }

    @Override
    public final String getDescription() {
        return description;
    }

    /**
     * No checksum: what a step creates depends on the feature schema, and the check that a log
     * holds the served model's features is {@link SchemaMigrator}'s, with a message that says what
     * to do.
     */
    @Override
    public final Integer getChecksum() {
        return null;
    }

    @Override
    public final boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public final void migrate(Context context) throws SQLException {
        try (Statement sql = context.getConnection().createStatement()) {
            apply(sql);
        }
    }
}
