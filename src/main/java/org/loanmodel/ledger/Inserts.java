package org.loanmodel.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.loanmodel.model.ChallengerDecision;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;

/**
 * The insert statements of one transaction, each prepared once when first needed: whole groups of
 * {@link SqlStatements#ROWS_PER_INSERT} rows go through one multi-row statement, the rest one by
 * one.
 */
final class Inserts implements AutoCloseable {
    private final Connection connection;
    private final SqlStatements sql;
    private PreparedStatement many;
    private PreparedStatement one;
    private PreparedStatement challengers;

    Inserts(Connection connection, SqlStatements sql) {
        this.connection = connection;
        this.sql = sql;
    }

    /** Inserts the rows; returns how many were new (an id already stored keeps its first row). */
    long insert(List<PredictionRecord> records) throws SQLException {
        int rowsPerStatement = SqlStatements.ROWS_PER_INSERT;
        int whole = records.size() - records.size() % rowsPerStatement;
        long inserted = 0;
        if (whole > 0) {
            if (many == null) {
                many = connection.prepareStatement(sql.insertMany);
            }
            for (int start = 0; start < whole; start += rowsPerStatement) {
                int column = 1;
                for (int i = start; i < start + rowsPerStatement; i++) {
                    column = bind(many, column, records.get(i));
                }
                many.addBatch();
            }
            inserted += sum(many.executeBatch(), rowsPerStatement);
        }
        if (whole < records.size()) {
            if (one == null) {
                one = connection.prepareStatement(sql.insert);
            }
            for (int i = whole; i < records.size(); i++) {
                bind(one, 1, records.get(i));
                one.addBatch();
            }
            inserted += sum(one.executeBatch(), 1);
        }
        insertChallengers(records);
        return inserted;
    }

    /** Each challenger's decision beside its request's; a repeated one keeps its first row. */
    private void insertChallengers(List<PredictionRecord> records) throws SQLException {
        boolean any = false;
        for (PredictionRecord record : records) {
            for (ChallengerDecision decision : record.challengers()) {
                if (challengers == null) {
                    challengers = connection.prepareStatement(sql.insertChallenger);
                }
                challengers.setString(1, record.decision().predictionId());
                challengers.setString(2, decision.modelVersion());
                challengers.setLong(3, record.decision().createdAtMillis());
                challengers.setDouble(4, decision.probability());
                challengers.setInt(5, decision.approvalStatus());
                challengers.addBatch();
                any = true;
            }
        }
        if (any) {
            challengers.executeBatch();
        }
    }

    /** Binds one row from parameter {@code column} on; returns the first parameter after it. */
    private static int bind(PreparedStatement insert, int column, PredictionRecord record) throws SQLException {
        Decision decision = record.decision();
        LoanApplication application = record.application();
        insert.setString(column++, decision.predictionId());
        insert.setLong(column++, decision.createdAtMillis());
        insert.setString(column++, decision.modelVersion());
        for (int feature = 0; feature < application.size(); feature++) {
            double value = application.value(feature);
            // NaN is an absent optional feature: NULL in the table, NaN again when read back.
            if (Double.isNaN(value)) {
                insert.setNull(column++, Types.DOUBLE);
            } else {
                insert.setDouble(column++, value);
            }
        }
        insert.setDouble(column++, decision.probability());
        insert.setInt(column++, decision.approvalStatus());
        String attributes = AttributesColumn.encode(record.attributes());
        if (attributes == null) {
            insert.setNull(column++, Types.VARCHAR);
        } else {
            insert.setString(column++, attributes);
        }
        String reasons = ReasonsColumn.encode(decision.reasons(), decision.attribution());
        if (reasons == null) {
            insert.setNull(column++, Types.VARCHAR);
        } else {
            insert.setString(column++, reasons);
        }
        return column;
    }

    private static long sum(int[] counts, int rowsPerStatement) {
        long total = 0;
        for (int count : counts) {
            // SUCCESS_NO_INFO (-2): the statement ran but the driver did not count its rows.
            total += count == Statement.SUCCESS_NO_INFO ? rowsPerStatement : Math.max(count, 0);
        }
        return total;
    }

    @Override
    public void close() throws SQLException {
        try {
            if (many != null) {
                many.close();
            }
        } finally {
            try {
                if (one != null) {
                    one.close();
                }
            } finally {
                if (challengers != null) {
                    challengers.close();
                }
            }
        }
    }
}
