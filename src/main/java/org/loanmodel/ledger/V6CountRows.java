package org.loanmodel.ledger;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Schema version 6: how many decisions the log keeps, as one running count per writer, so that
 * neither the retention sweep nor the rows gauge counts the table. {@code COUNT(*)} reads the
 * whole of an index, and the sweep did so every minute in the writer's thread, holding up every
 * decision behind it: about 0.2 s of a ten-million-row log, seconds of a full one (BENCHMARKS.md).
 *
 * <p>Each writer adds what it inserts and subtracts what it deletes to its own row, in the same
 * transaction as the rows themselves, so replicas sharing one PostgreSQL never wait for each other
 * on the count and the sum is exact. The rows already in the log are counted once, here.
 */
final class V6CountRows extends LogMigration {
    static final String TABLE = "prediction_counts";
    /** The writer whose row holds the decisions the log had when the count began. */
    static final String BEFORE_COUNTING = "before counting";

    V6CountRows() {
        super("6", "count decisions per writer");
    }

    @Override
    void apply(Statement sql) throws SQLException {
        sql.execute("CREATE TABLE " + TABLE + " (writer TEXT PRIMARY KEY, decisions BIGINT NOT NULL)");
        sql.execute("INSERT INTO " + TABLE + " (writer, decisions) SELECT '" + BEFORE_COUNTING + "', COUNT(*) FROM "
                + V1CreatePredictionLog.PREDICTIONS);
    }
}
