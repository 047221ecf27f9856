package org.loanmodel.ledger;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Schema version 2: beside each decision, the monitoring attributes its request carried (a JSON
 * object, NULL for none) and the lender's final decision after human review with when it arrived.
 * Nullable columns appended at the end, so every row of a version-1 log is kept as it was.
 */
final class V2AddAttributesAndFinalDecisions extends LogMigration {
    /** The monitoring attributes as a JSON object of strings; NULL when the request carried none. */
    static final String ATTRIBUTES = "monitoring_attributes";

    static final String FINAL_DECISION = "final_decision";
    static final String FINAL_DECIDED_AT = "final_decided_at";

    V2AddAttributesAndFinalDecisions() {
        super("2", "add monitoring attributes and final decisions");
    }

    /** The columns this version appends to the decisions table. */
    static List<Column> addedColumns() {
        return List.of(
                Column.nullable(ATTRIBUTES, "TEXT"),
                Column.nullable(FINAL_DECISION, "SMALLINT"),
                Column.nullable(FINAL_DECIDED_AT, "BIGINT"));
    }

    @Override
    void apply(Statement sql) throws SQLException {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for (Column column : addedColumns()) {
            sql.execute("ALTER TABLE " + V1CreatePredictionLog.PREDICTIONS + " ADD COLUMN " + column.ddl());
        }
    }
}
