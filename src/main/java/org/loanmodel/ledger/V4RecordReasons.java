package org.loanmodel.ledger;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Schema version 4: the principal reasons given for a denial, as answered (code, feature, text and
 * contribution, JSON), so a request for reasons weeks later is answered from the record rather
 * than recomputed by a newer model.
 */
final class V4RecordReasons extends LogMigration {
    static final String REASONS = "reasons";

    V4RecordReasons() {
        super("4", "record adverse-action reasons");
    }

    @Override
    void apply(Statement sql) throws SQLException {
        sql.execute("ALTER TABLE predictions ADD COLUMN " + REASONS + " TEXT");
    }
}
