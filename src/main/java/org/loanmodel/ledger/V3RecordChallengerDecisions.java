package org.loanmodel.ledger;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Schema version 3: what each challenger decided for a logged request, so an outcome is joined to
 * every version that scored it. Keyed by prediction and version; {@code created_at} repeats the
 * decision's so retention removes both together.
 */
final class V3RecordChallengerDecisions extends LogMigration {
    static final String TABLE = "challenger_decisions";

    V3RecordChallengerDecisions() {
        super("3", "record challenger decisions");
    }

    @Override
    void apply(Statement sql) throws SQLException {
        sql.execute("CREATE TABLE " + TABLE + " (\n"
                + "  prediction_id TEXT NOT NULL,\n"
                + "  model_version TEXT NOT NULL,\n"
                + "  created_at BIGINT NOT NULL,\n"
                + "  probability DOUBLE PRECISION NOT NULL,\n"
                + "  approval_status SMALLINT NOT NULL,\n"
                + "  PRIMARY KEY (prediction_id, model_version))");
        sql.execute("CREATE INDEX challenger_decisions_created_at ON " + TABLE + " (created_at)");
    }
}
