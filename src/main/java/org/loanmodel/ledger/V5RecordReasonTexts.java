package org.loanmodel.ledger;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Schema version 5: the words of each model version's reasons, once per version, feature and text
 * variant ({@link org.loanmodel.model.FeatureSpec#reasonTextVariant}), so that a denial's row keeps
 * only which reasons it got and every contribution, in a compact form ({@link ReasonsColumn}),
 * instead of repeating codes and texts on every row: the texts were most of a row's bytes and of
 * the writer's time.
 */
final class V5RecordReasonTexts extends LogMigration {
    static final String TABLE = "reason_texts";

    V5RecordReasonTexts() {
        super("5", "record reason texts per model version");
    }

    @Override
    void apply(Statement sql) throws SQLException {
        sql.execute("CREATE TABLE " + TABLE + " (\n"
                + "  model_version TEXT NOT NULL,\n"
                + "  feature_index INTEGER NOT NULL,\n"
                + "  variant INTEGER NOT NULL,\n"
                + "  code TEXT NOT NULL,\n"
                + "  feature TEXT NOT NULL,\n"
                + "  text TEXT NOT NULL,\n"
                + "  PRIMARY KEY (model_version, feature_index, variant))");
    }
}
