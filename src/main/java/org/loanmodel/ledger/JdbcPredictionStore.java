package org.loanmodel.ledger;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.api.FlywayException;
import org.loanmodel.model.ChallengerDecision;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.ReasonWord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction log's rows in a JDBC database: SQLite or PostgreSQL, told apart by a {@link
 * SqlDialect}. One connection ({@link StoreConnection}), one transaction per call; a call that
 * fails is rolled back, and a connection the failure broke is replaced, so the next call finds the
 * store usable.
 */
public final class JdbcPredictionStore implements PredictionStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcPredictionStore.class);
    /** Ids per statement when a call names many decisions: far below both databases' limits. */
    private static final int IDS_PER_STATEMENT = 500;

    private final SqlDialect dialect;
    private final FeatureSchema schema;
    private final SqlStatements sql;
    private final StoreConnection db;
    private final ReasonTexts reasonTexts = new ReasonTexts();
    /**
     * This store's row of {@link V6CountRows#TABLE}: one per opening, so that no two writers, on one
     * database or across replicas, ever update the same row.
     */
    private final String writer = UUID.randomUUID().toString();

    private JdbcPredictionStore(String url, SqlDialect dialect, CommitMode mode, FeatureSchema schema)
            throws SQLException {
        this.dialect = dialect;
        this.schema = schema;
        this.sql = new SqlStatements(schema.names());
        this.db = new StoreConnection(url, dialect, mode, sql.everyInsert());
    }

    /**
     * Opens the store, creating it or migrating its schema to the newest version first.
     *
     * @throws IllegalArgumentException with a message that says what to do when the store cannot be
     *     opened or holds a log this service must not write
     */
    public static JdbcPredictionStore open(LedgerSettings settings, FeatureSchema schema) {
        String url = settings.jdbcUrl();
        try {
            SqlDialect dialect = SqlDialect.forUrl(url);
            dialect.prepareLocation(url);
            new SchemaMigrator(url, settings.shownLocation(), dialect, schema, LogMigrations.forSchema(schema))
                    .migrate();
            return new JdbcPredictionStore(url, dialect, settings.commitMode(), schema);
        } catch (SQLException | IOException | FlywayException e) {
            throw new IllegalArgumentException("cannot open prediction log " + settings.shownLocation() + ": "
                    + LedgerSettings.masked(e.getMessage()) + " (set --prediction-log or PREDICTION_LOG)");
        }
    }

    @Override
    public long insert(List<PredictionRecord> records) throws StoreException {
        List<Map<String, Map<ReasonsColumn.TextKey, ReasonsColumn.ReasonText>>> readBack = new ArrayList<>(1);
        long inserted = db.write(c -> {
            Inserts inserts = new Inserts(c, db, sql, schema, reasonTexts);
            long count = inserts.insert(records);
            addToCount(count);
            readBack.clear();
            readBack.add(inserts.readBack());
            return count;
        });
        // Only now are the words this transaction read back known to be stored.
        readBack.forEach(reasonTexts::committed);
        return inserted;
    }

    @Override
    public void insertAndRollBack(PredictionRecord record) throws StoreException {
        db.read(c -> {
            new Inserts(c, db, sql, schema, reasonTexts).insert(List.of(record));
            c.rollback();
            return null;
        });
    }

    @Override
    public List<LabelResult> label(List<LabelRequest> requests) throws StoreException {
        return db.write(c -> {
            List<LabelResult> results = new ArrayList<>(requests.size());
            for (LabelRequest request : requests) {
                results.add(applyLabel(c, request));
            }
            return results;
        });
    }

    @Override
    public Optional<StoredPrediction> find(String predictionId) throws StoreException {
        return db.read(c -> select(c, predictionId));
    }

    @Override
    public Set<String> stored(List<String> predictionIds) throws StoreException {
        return db.read(c -> {
            Set<String> found = new HashSet<>();
            for (List<String> ids : chunks(predictionIds)) {
                try (PreparedStatement select = withIds(c, sql.selectIds(ids.size()), ids);
                        ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(row.getString(1));
                    }
                }
            }
            return found;
        });
    }

    @Override
    public long forget(List<String> predictionIds) throws StoreException {
        return db.write(c -> {
            long deleted = 0;
            for (List<String> ids : chunks(predictionIds)) {
                try (PreparedStatement delete = withIds(c, sql.deleteIds(ids.size()), ids)) {
                    deleted += delete.executeUpdate();
                }
                try (PreparedStatement delete = withIds(c, sql.deleteChallengerIds(ids.size()), ids)) {
                    delete.executeUpdate();
                }
            }
            addToCount(-deleted);
            return deleted;
        });
    }

    @Override
    public Deleted deleteExpired(long cutoffMillis, long maxRows) throws StoreException {
        return db.write(c -> {
            long byAge = delete(c, sql.deleteOlderThan, cutoffMillis);
            delete(c, sql.deleteChallengersOlderThan, cutoffMillis);
            delete(c, sql.deleteUnverifiedOlderThan, cutoffMillis);
            addToCount(-byAge);
            long kept = count(c);
            long byRows = 0;
            if (kept > maxRows) {
                try (PreparedStatement oldestKept = c.prepareStatement(sql.oldestKeptCreatedAt)) {
                    oldestKept.setLong(1, kept - maxRows);
                    try (ResultSet row = oldestKept.executeQuery()) {
                        if (row.next()) {
                            byRows = delete(c, sql.deleteOlderThan, row.getLong(1));
                            delete(c, sql.deleteChallengersOlderThan, row.getLong(1));
                        }
                    }
                }
                addToCount(-byRows);
            }
            return new Deleted(byAge, byRows, kept - byRows);
        });
    }

    @Override
    public void recordWords(String modelVersion, List<ReasonWord> words) throws StoreException {
        if (words.isEmpty()) {
            return;
        }
        Map<ReasonsColumn.TextKey, ReasonsColumn.ReasonText> asked = new LinkedHashMap<>();
        for (ReasonWord word : words) {
            asked.put(
                    new ReasonsColumn.TextKey(word.feature(), word.variant()),
                    new ReasonsColumn.ReasonText(word.code(), word.featureName(), word.text()));
        }
        Map<ReasonsColumn.TextKey, ReasonsColumn.ReasonText> onRecord = db.write(c -> {
            Inserts.insertWords(c, sql, Map.of(modelVersion, asked));
            return ReasonTexts.read(c, sql, modelVersion);
        });
        // Only now are they known to be stored.
        reasonTexts.committed(Map.of(modelVersion, onRecord));
    }

    @Override
    public long countRows() throws StoreException {
        return db.read(this::count);
    }

    @Override
    public void probe() throws StoreException {
        db.write(c -> {
            dialect.probe(c);
            return null;
        });
    }

    @Override
    public Fate fate(StoreException failure) {
        return db.fate(failure);
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            LOG.error("closing the prediction log failed: {}", e.getMessage());
        }
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int start = 0; start < ids.size(); start += IDS_PER_STATEMENT) {
            chunks.add(ids.subList(start, Math.min(ids.size(), start + IDS_PER_STATEMENT)));
        }
        return chunks;
    }

    /** A statement with one parameter per id. */
    private static PreparedStatement withIds(Connection c, String statement, List<String> ids) throws SQLException {
        PreparedStatement prepared = c.prepareStatement(statement);
        for (int i = 0; i < ids.size(); i++) {
            prepared.setString(i + 1, ids.get(i));
        }
        return prepared;
    }

    private LabelResult applyLabel(Connection connection, LabelRequest request) throws SQLException {
        // Writes first, then reads: a SQLite transaction that starts by writing waits for other
        // writers, one that starts by reading could not write after them.
        boolean both = request.hasOutcome() && request.hasFinalDecision();
        boolean outcomeNow = request.hasOutcome()
                && update(
                        connection,
                        both ? sql.labelBesideFinalDecision : sql.label,
                        request.actualOutcome(),
                        request,
                        both ? request.finalDecision() : LabelRequest.NONE);
        boolean finalNow = request.hasFinalDecision()
                && update(
                        connection,
                        both ? sql.finalDecisionBesideLabel : sql.finalDecision,
                        request.finalDecision(),
                        request,
                        both ? request.actualOutcome() : LabelRequest.NONE);
        LabelResult result = null;
        try (PreparedStatement select = connection.prepareStatement(sql.selectLabel)) {
            select.setString(1, request.predictionId());
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    result = LabelRules.logged(
                            request, Rows.logged(row, schema, request.predictionId()), outcomeNow, finalNow);
                }
            }
        }
        if (result != null) {
            // The outcome, stored now, judges each challenger's own decision too.
            return result.status() == LabelResult.Status.RECORDED
                    ? result.withChallengers(challengers(connection, request.predictionId()))
                    : result;
        }
        return LabelRules.keepsUnverified(request) ? applyUnverified(connection, request) : LabelResult.unknown();
    }

    /** A conditional write of one part; {@code guard}, when not NONE, is the statement's last parameter. */
    private boolean update(Connection connection, String statement, int value, LabelRequest request, int guard)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(statement)) {
            update.setInt(1, value);
            update.setLong(2, request.receivedAtMillis());
            update.setString(3, request.predictionId());
            if (guard != LabelRequest.NONE) {
                update.setInt(4, guard);
            }
            return update.executeUpdate() == 1;
        }
    }

    private List<ChallengerDecision> challengers(Connection connection, String predictionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql.selectChallengers)) {
            select.setString(1, predictionId);
            try (ResultSet rows = select.executeQuery()) {
                List<ChallengerDecision> decisions = new ArrayList<>();
                while (rows.next()) {
                    decisions.add(new ChallengerDecision(
                            rows.getString("model_version"),
                            rows.getDouble("probability"),
                            rows.getInt("approval_status")));
                }
                return decisions;
            }
        }
    }

    private LabelResult applyUnverified(Connection connection, LabelRequest request) throws SQLException {
        int inserted;
        try (PreparedStatement insert = connection.prepareStatement(sql.insertUnverified)) {
            insert.setString(1, request.predictionId());
            insert.setInt(2, request.actualOutcome());
            insert.setInt(3, request.claimedPrediction());
            insert.setLong(4, request.receivedAtMillis());
            inserted = insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(sql.selectUnverified)) {
            select.setString(1, request.predictionId());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("unverified feedback for " + request.predictionId() + " vanished");
                }
                LabelRules.UnverifiedOutcome unverified = new LabelRules.UnverifiedOutcome(
                        row.getInt("actual_outcome"), row.getInt("predicted_outcome"), row.getLong("received_at"));
                return LabelRules.unverified(request, unverified, inserted == 1);
            }
        }
    }

    private Optional<StoredPrediction> select(Connection connection, String predictionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql.selectPrediction)) {
            select.setString(1, predictionId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Map<ReasonsColumn.TextKey, ReasonsColumn.ReasonText> words =
                        ReasonsColumn.isCompact(row.getString(V4RecordReasons.REASONS))
                                ? ReasonTexts.read(connection, sql, row.getString("model_version"))
                                : Map.of();
                return Optional.of(Rows.stored(row, schema, predictionId, words));
            }
        }
    }

    private static long delete(Connection connection, String statement, long before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(statement)) {
            delete.setLong(1, before);
            return delete.executeUpdate();
        }
    }

    /** Adds {@code decisions} (negative for deletions) to this writer's count, in the running transaction. */
    private void addToCount(long decisions) throws SQLException {
        if (decisions == 0) {
            return;
        }
        // Prepared once: every insert transaction runs it.
        PreparedStatement add = db.prepared(sql.addToCount);
        add.setString(1, writer);
        add.setLong(2, decisions);
        add.executeUpdate();
    }

    /** The decisions kept: the sum of every writer's count, never a scan of the table. */
    private long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql.countRows)) {
            row.next();
            return row.getLong(1);
        }
    }
}
