package org.loanmodel.ledger;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.FlywayException;
import org.loanmodel.model.ChallengerDecision;
import org.loanmodel.model.FeatureSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction log's rows in a JDBC database: SQLite or PostgreSQL, told apart by a {@link
 * SqlDialect}. One connection, one transaction per call; a call that fails is rolled back, and a
 * connection the failure broke is replaced, so the next call finds the store usable.
 */
public final class JdbcPredictionStore implements PredictionStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcPredictionStore.class);

    private final String url;
    private final SqlDialect dialect;
    private final CommitMode mode;
    private final FeatureSchema schema;
    private final SqlStatements sql;
    /** Replaced when a failure broke it. */
    private Connection connection;

    private JdbcPredictionStore(String url, SqlDialect dialect, CommitMode mode, FeatureSchema schema)
            throws SQLException {
        this.url = url;
        this.dialect = dialect;
        this.mode = mode;
        this.schema = schema;
        this.sql = new SqlStatements(schema.names());
        this.connection = dialect.connect(url, mode);
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
            new SchemaMigrator(url, settings.location(), dialect, schema, LogMigrations.forSchema(schema)).migrate();
            return new JdbcPredictionStore(url, dialect, settings.commitMode(), schema);
        } catch (SQLException | IOException | FlywayException e) {
            throw new IllegalArgumentException("cannot open prediction log " + settings.location() + ": "
                    + e.getMessage() + " (set --prediction-log or PREDICTION_LOG)");
        }
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws StoreException {
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException | AssertionError e) {
            // AssertionError: the PostgreSQL driver asserts on a dead connection when run with -ea.
            rollbackQuietly();
            reconnectIfBroken();
            throw new StoreException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    @Override
    public long insert(List<PredictionRecord> records) throws StoreException {
        return inTransaction(() -> {
            try (Inserts inserts = new Inserts(connection, sql)) {
                return inserts.insert(records);
            }
        });
    }

    @Override
    public List<LabelResult> label(List<LabelRequest> requests) throws StoreException {
        return inTransaction(() -> {
            List<LabelResult> results = new ArrayList<>(requests.size());
            for (LabelRequest request : requests) {
                results.add(applyLabel(request));
            }
            return results;
        });
    }

    @Override
    public Optional<StoredPrediction> find(String predictionId) throws StoreException {
        return inTransaction(() -> select(predictionId));
    }

    @Override
    public Deleted deleteExpired(long cutoffMillis, long maxRows) throws StoreException {
        return inTransaction(() -> {
            long byAge = delete(sql.deleteOlderThan, cutoffMillis);
            delete(sql.deleteChallengersOlderThan, cutoffMillis);
            delete(sql.deleteUnverifiedOlderThan, cutoffMillis);
            long byRows = 0;
            try (PreparedStatement nth = connection.prepareStatement(sql.nthNewestCreatedAt)) {
                nth.setLong(1, maxRows - 1);
                try (ResultSet row = nth.executeQuery()) {
                    if (row.next()) {
                        byRows = delete(sql.deleteOlderThan, row.getLong(1));
                        delete(sql.deleteChallengersOlderThan, row.getLong(1));
                    }
                }
            }
            return new Deleted(byAge, byRows, count());
        });
    }

    @Override
    public long countRows() throws StoreException {
        return inTransaction(this::count);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.error("closing the prediction log failed: {}", e.getMessage());
        }
    }

    private LabelResult applyLabel(LabelRequest request) throws SQLException {
        // Writes first, then reads: a SQLite transaction that starts by writing waits for other
        // writers, one that starts by reading could not write after them.
        boolean both = request.hasOutcome() && request.hasFinalDecision();
        boolean outcomeNow = request.hasOutcome()
                && update(
                        both ? sql.labelBesideFinalDecision : sql.label,
                        request.actualOutcome(),
                        request,
                        both ? request.finalDecision() : LabelRequest.NONE);
        boolean finalNow = request.hasFinalDecision()
                && update(
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
                    ? result.withChallengers(challengers(request.predictionId()))
                    : result;
        }
        return LabelRules.keepsUnverified(request) ? applyUnverified(request) : LabelResult.unknown();
    }

    /** A conditional write of one part; {@code guard}, when not NONE, is the statement's last parameter. */
    private boolean update(String statement, int value, LabelRequest request, int guard) throws SQLException {
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

    private List<ChallengerDecision> challengers(String predictionId) throws SQLException {
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

    private LabelResult applyUnverified(LabelRequest request) throws SQLException {
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

    private Optional<StoredPrediction> select(String predictionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql.selectPrediction)) {
            select.setString(1, predictionId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(Rows.stored(row, schema, predictionId)) : Optional.empty();
            }
        }
    }

    private long delete(String statement, long before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(statement)) {
            delete.setLong(1, before);
            return delete.executeUpdate();
        }
    }

    private long count() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql.countRows)) {
            row.next();
            return row.getLong(1);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.error("rollback of the prediction log failed: {}", e.getMessage());
        }
    }

    /** After a failure: a broken server connection is replaced, a local error leaves it be. */
    private void reconnectIfBroken() {
        try {
            if (connection.isValid(2)) {
                return;
            }
        } catch (SQLException e) {
            LOG.warn("checking the prediction log connection failed: {}", e.getMessage());
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the broken prediction log connection failed: {}", e.getMessage());
        }
        try {
            connection = dialect.connect(url, mode);
            LOG.info("reconnected to the prediction log");
        } catch (SQLException e) {
            LOG.error("reconnecting to the prediction log failed: {}", e.getMessage());
        }
    }
}
