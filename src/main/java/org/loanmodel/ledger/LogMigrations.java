package org.loanmodel.ledger;

import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.loanmodel.model.FeatureSchema;

/** Every step of the prediction-log schema this build knows, oldest first. */
final class LogMigrations {
    private LogMigrations() {}

    /** The steps for a log of {@code schema}'s features; a new version is one more entry here. */
    static List<LogMigration> forSchema(FeatureSchema schema) {
        return List.of(
                new V1CreatePredictionLog(schema),
                new V2AddAttributesAndFinalDecisions(),
                new V3RecordChallengerDecisions(),
                new V4RecordReasons(),
                new V5RecordReasonTexts(),
                new V6CountRows());
    }

    /** The newest schema version this build knows. */
    static MigrationVersion latest(List<LogMigration> migrations) {
        return migrations.get(migrations.size() - 1).getVersion();
    }
}
