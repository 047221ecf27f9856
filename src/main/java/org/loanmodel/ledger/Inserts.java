package org.loanmodel.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.loanmodel.ledger.ReasonsColumn.ReasonText;
import org.loanmodel.ledger.ReasonsColumn.TextKey;
import org.loanmodel.model.Attribution;
import org.loanmodel.model.ChallengerDecision;
import org.loanmodel.model.Decision;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.Reason;

/**
 * The inserts of one transaction, through statements the connection keeps prepared ({@link
 * StoreConnection#prepared}): whole groups of {@link SqlStatements#ROWS_PER_INSERT} rows go through
 * one multi-row statement, the rest one by one.
 *
 * <p>A denial's reasons go in the compact form ({@link ReasonsColumn#encodeCompact}) when it holds
 * them exactly: the decision keeps its attribution, each reason names a feature of the log's
 * schema, its contribution is that feature's to the bit, and its code and words are the ones on
 * record in {@code reason_texts} for the model version, feature and text variant (inserted first
 * when the version's words are new to this store). Otherwise, for instance when an older release
 * recorded other words for the same model version, the row keeps them in JSON.
 */
final class Inserts {
    private final Connection connection;
    private final StoreConnection statements;
    private final SqlStatements sql;
    private final FeatureSchema schema;
    private final ReasonTexts texts;
    /** Every word on record for the versions whose words this transaction inserted. */
    private final Map<String, Map<TextKey, ReasonText>> readBack = new HashMap<>();

    Inserts(
            Connection connection,
            StoreConnection statements,
            SqlStatements sql,
            FeatureSchema schema,
            ReasonTexts texts) {
        this.connection = connection;
        this.statements = statements;
        this.sql = sql;
        this.schema = schema;
        this.texts = texts;
    }

    /** What this transaction found on record, for {@link ReasonTexts#committed} once it commits. */
    Map<String, Map<TextKey, ReasonText>> readBack() {
        return readBack;
    }

    /** Inserts the rows; returns how many were new (an id already stored keeps its first row). */
    long insert(List<PredictionRecord> records) throws SQLException {
        String[] reasons = reasonsColumns(records);
        int rowsPerStatement = SqlStatements.ROWS_PER_INSERT;
        int whole = records.size() - records.size() % rowsPerStatement;
        // Both statements run whatever the number of rows, one of them with nothing to do at times:
        // a branch on that number was compiled for the batches the warm-up's writer met, and the
        // first real batch of another kind (a whole number of 64 rows) threw the compiled writer away,
        // which the JIT compiled again only seconds after ready (BENCHMARKS.md).
        long inserted = insertRows(statements.prepared(sql.insertMany), records, reasons, 0, whole, rowsPerStatement);
        inserted += insertRows(statements.prepared(sql.insert), records, reasons, whole, records.size(), 1);
        insertChallengers(records);
        return inserted;
    }

    /** Records {@code from} to {@code to}, {@code rowsPerStatement} to each run of the statement. */
    private long insertRows(
            PreparedStatement statement,
            List<PredictionRecord> records,
            String[] reasons,
            int from,
            int to,
            int rowsPerStatement)
            throws SQLException {
        for (int start = from; start < to; start += rowsPerStatement) {
            int column = 1;
            for (int i = start; i < start + rowsPerStatement; i++) {
                column = bind(statement, column, records.get(i), reasons[i]);
            }
            statement.addBatch();
        }
        return sum(statement.executeBatch(), rowsPerStatement);
    }

    /** Each challenger's decision beside its request's; a repeated one keeps its first row. */
    private void insertChallengers(List<PredictionRecord> records) throws SQLException {
        PreparedStatement challengers = null;
        for (PredictionRecord record : records) {
            for (ChallengerDecision decision : record.challengers()) {
                if (challengers == null) {
                    challengers = statements.prepared(sql.insertChallenger);
                }
                challengers.setString(1, record.decision().predictionId());
                challengers.setString(2, decision.modelVersion());
                challengers.setLong(3, record.decision().createdAtMillis());
                challengers.setDouble(4, decision.probability());
                challengers.setInt(5, decision.approvalStatus());
                challengers.addBatch();
            }
        }
        if (challengers != null) {
            challengers.executeBatch();
        }
    }

    /** Each record's reasons column, compact where it can be. */
    private String[] reasonsColumns(List<PredictionRecord> records) throws SQLException {
        List<List<TextKey>> keys = new ArrayList<>(records.size());
        Map<String, Map<TextKey, ReasonText>> unknown = new HashMap<>();
        for (PredictionRecord record : records) {
            List<TextKey> recordKeys = keys(record);
            keys.add(recordKeys);
            if (recordKeys != null) {
                String version = record.decision().modelVersion();
                for (int r = 0; r < recordKeys.size(); r++) {
                    if (texts.onRecord(version, recordKeys.get(r)) == null) {
                        unknown.computeIfAbsent(version, v -> new HashMap<>())
                                .putIfAbsent(
                                        recordKeys.get(r),
                                        ReasonText.of(
                                                record.decision().reasons().get(r)));
                    }
                }
            }
        }
        if (!unknown.isEmpty()) {
            recordWords(unknown);
        }
        String[] columns = new String[records.size()];
        for (int i = 0; i < columns.length; i++) {
            Decision decision = records.get(i).decision();
            List<TextKey> recordKeys = keys.get(i);
            columns[i] = recordKeys != null && wordsOnRecord(decision, recordKeys)
                    ? ReasonsColumn.encodeCompact(decision.attribution(), recordKeys)
                    : null;
            if (columns[i] == null) {
                columns[i] = ReasonsColumn.encode(decision.reasons(), decision.attribution());
            }
        }
        return columns;
    }

    /** Each reason's key, or {@code null} when the compact form cannot hold the record's reasons. */
    private List<TextKey> keys(PredictionRecord record) {
        Decision decision = record.decision();
        Attribution attribution = decision.attribution();
        LoanApplication application = record.application();
        if (attribution == null || attribution.size() != schema.size() || application.size() != schema.size()) {
            return null;
        }
        List<TextKey> keys = new ArrayList<>(decision.reasons().size());
        for (Reason reason : decision.reasons()) {
            int feature = schema.indexOf(reason.feature());
            if (feature < 0
                    || Double.doubleToRawLongBits(reason.contribution())
                            != Double.doubleToRawLongBits(attribution.contribution(feature))) {
                return null;
            }
            keys.add(new TextKey(feature, schema.feature(feature).reasonTextVariant(application.value(feature))));
        }
        return keys;
    }

    /**
     * Whether every reason's code and words are the ones on record for its key. Words read back
     * that match are replaced by the reason's own strings, which the model gives every reason with
     * that key, so later comparisons find the same instances and stop at the first check.
     */
    private boolean wordsOnRecord(Decision decision, List<TextKey> keys) {
        Map<TextKey, ReasonText> read = readBack.get(decision.modelVersion());
        for (int r = 0; r < keys.size(); r++) {
            TextKey key = keys.get(r);
            ReasonText recorded = read != null ? read.get(key) : texts.onRecord(decision.modelVersion(), key);
            Reason reason = decision.reasons().get(r);
            if (recorded == null || !recorded.sameAs(reason)) {
                return false;
            }
            if (read != null && recorded.code() != reason.code()) {
                read.put(key, ReasonText.of(reason));
            }
        }
        return true;
    }

    /**
     * Inserts words new to this store (a key already on record keeps its words), then reads back
     * every word on record for those versions: what rows may be compared with.
     */
    private void recordWords(Map<String, Map<TextKey, ReasonText>> unknown) throws SQLException {
        insertWords(connection, sql, unknown);
        for (String version : unknown.keySet()) {
            readBack.put(version, ReasonTexts.read(connection, sql, version));
        }
    }

    /** Inserts the words, by version and key; a key already on record keeps its words. */
    static void insertWords(Connection connection, SqlStatements sql, Map<String, Map<TextKey, ReasonText>> words)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql.insertReasonText)) {
            for (Map.Entry<String, Map<TextKey, ReasonText>> version : words.entrySet()) {
                for (Map.Entry<TextKey, ReasonText> word : version.getValue().entrySet()) {
                    insert.setString(1, version.getKey());
                    insert.setInt(2, word.getKey().feature());
                    insert.setInt(3, word.getKey().variant());
                    insert.setString(4, word.getValue().code());
                    insert.setString(5, word.getValue().feature());
                    insert.setString(6, word.getValue().text());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** Binds one row from parameter {@code column} on; returns the first parameter after it. */
    private static int bind(PreparedStatement insert, int column, PredictionRecord record, String reasons)
            throws SQLException {
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
}
