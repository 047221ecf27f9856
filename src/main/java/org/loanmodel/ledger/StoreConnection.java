package org.loanmodel.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JDBC connection of a {@link JdbcPredictionStore} and its transactions. A failed
 * transaction is rolled back; when the rollback itself fails or the connection no longer works,
 * the connection is dropped and the next call opens a new one, so no call ever runs on a
 * connection in an unknown state.
 *
 * <p>That matters with SQLite: after {@code SQLITE_FULL} it may roll the transaction back on its
 * own, the driver's rollback then fails ("no transaction is active") and does not begin a new one,
 * and every later statement on that connection would commit by itself while {@code commit()}
 * fails: rows stored behind answers that said they were not.
 *
 * <p>Statements the writer runs on every batch are prepared once per connection ({@link
 * #prepared}): parsing a 64-row insert took a third as long as running it. They are closed
 * whenever a transaction fails, so none carries a half-bound batch into the next one.
 *
 * <p>The statements every insert transaction runs are prepared, and a parameter of each bound and
 * cleared, as soon as the connection opens or its statements were closed, rather than at their first
 * use. The first use takes branches (preparing, the driver allocating its parameters) that no later
 * one takes; the warm-up's log met them before the JIT compiler profiled the writer, so the compiled
 * writer left them out, and the real log's first batch after ready threw it away: 2.4-2.7 s of C2 in
 * the first seconds of serving on a slow machine (BENCHMARKS.md).
 */
final class StoreConnection implements AutoCloseable {
    /** Seconds {@link Connection#isValid} may take to tell whether a connection still works. */
    private static final int VALID_TIMEOUT_SECONDS = 2;

    private final String url;
    private final SqlDialect dialect;
    private final CommitMode mode;
    /** {@code null} after a failure broke it: the next call connects again. */
    private Connection connection;
    /** Statements prepared on {@link #connection}, by their SQL. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** What every insert transaction runs, prepared ahead. */
    private final List<String> ahead;

    /**
     * @param ahead statements to prepare whenever the connection opens, each with at least one parameter
     */
    StoreConnection(String url, SqlDialect dialect, CommitMode mode, List<String> ahead) throws SQLException {
        this.url = url;
        this.dialect = dialect;
        this.mode = mode;
        this.ahead = List.copyOf(ahead);
        this.connection = dialect.connect(url, mode);
        try {
            prepareAhead();
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in a transaction that only reads. */
    <T> T read(Work<T> work) throws StoreException {
        return transaction(work, false);
    }

    /**
     * Runs {@code work} in a transaction that writes. Its id is taken first where the database can
     * lose the answer to a commit, so that a lost answer becomes {@link
     * StoreException#commitUnknown()} rather than a failure that might have committed.
     */
    <T> T write(Work<T> work) throws StoreException {
        return transaction(work, true);
    }

    private <T> T transaction(Work<T> work, boolean writes) throws StoreException {
        Connection current = connected();
        long id = SqlDialect.NO_TRANSACTION_ID;
        T result;
        try {
            if (writes) {
                id = dialect.transactionId(current);
            }
            result = work.run(current);
        } catch (SQLException | RuntimeException | AssertionError e) {
            // AssertionError: the PostgreSQL driver asserts on a dead connection when run with -ea.
            abandon(current);
            if (e instanceof SQLException sql && dialect.refusesValues(sql)) {
                throw StoreException.valuesRefused(describe(e), e);
            }
            throw new StoreException(describe(e), e);
        }
        try {
            current.commit();
            return result;
        } catch (SQLException | RuntimeException | AssertionError e) {
            // The server may have committed and the answer been lost with the connection.
            boolean answerLost = connectionLost(e) || !works(current);
            abandon(current);
            if (answerLost && id != SqlDialect.NO_TRANSACTION_ID) {
                throw StoreException.commitUnknown("connection lost while committing: " + describe(e), e, id, result);
            }
            throw new StoreException(describe(e), e);
        }
    }

    /** What became of the transaction behind {@code failure}, asked on a working connection. */
    PredictionStore.Fate fate(StoreException failure) {
        if (!failure.commitUnknown()) {
            return PredictionStore.Fate.ROLLED_BACK;
        }
        try {
            return read(c -> dialect.fate(c, failure.transactionId()));
        } catch (StoreException e) {
            return PredictionStore.Fate.UNKNOWN;
        }
    }

    /**
     * The statement for {@code sql} on the connection of the running transaction, prepared the
     * first time and kept until a transaction fails or the store closes; not to be closed by the
     * caller.
     */
    PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    private void closeStatements() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException | RuntimeException e) {
                // Closed with the failure that ended its transaction; that failure is what counts.
            }
        }
        statements.clear();
    }

    private Connection connected() throws StoreException {
        if (connection == null) {
            try {
                connection = dialect.connect(url, mode);
            } catch (SQLException | RuntimeException e) {
                throw new StoreException("cannot connect: " + describe(e), e);
            }
        }
        if (statements.isEmpty()) {
            try {
                prepareAhead();
            } catch (SQLException | RuntimeException e) {
                closeStatements();
                throw new StoreException("cannot prepare the log's statements: " + describe(e), e);
            }
        }
        return connection;
    }

    /** Prepares {@link #ahead} and has the driver make room for their parameters. */
    private void prepareAhead() throws SQLException {
        for (String sql : ahead) {
            PreparedStatement statement = prepared(sql);
            statement.setNull(1, Types.NULL);
            statement.clearParameters();
        }
    }

    /** Rolls back; drops the connection unless it is known to be usable for the next call. */
    private void abandon(Connection failed) {
        closeStatements();
        boolean usable;
        try {
            failed.rollback();
            usable = works(failed);
        } catch (SQLException | RuntimeException | AssertionError e) {
            usable = false;
        }
        if (!usable) {
            closeQuietly(failed);
            connection = null;
        }
    }

    private static boolean works(Connection candidate) {
        try {
            return candidate.isValid(VALID_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** SQLSTATE class 08 is the standard's "connection exception". */
    private static boolean connectionLost(Throwable e) {
        if (e instanceof AssertionError) {
            return true;
        }
        return e instanceof SQLException sql
                && sql.getSQLState() != null
                && sql.getSQLState().startsWith("08");
    }

    static String describe(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static void closeQuietly(Connection broken) {
        try {
            broken.close();
        } catch (SQLException | RuntimeException e) {
            // Already broken; the failure that broke it is what gets reported.
        }
    }

    @Override
    public void close() throws SQLException {
        closeStatements();
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
