package org.loanmodel.ledger;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the databases the {@link JdbcPredictionStore} runs on. The SQL itself is
 * shared ({@link SqlStatements}); a dialect only opens connections, names things and prepares the
 * location. A new database is one more implementation and one more case in {@link #forUrl}.
 */
interface SqlDialect {
    /** {@link #transactionId} of a database that never loses the answer to a commit. */
    long NO_TRANSACTION_ID = -1;

    /**
     * The dialect of a JDBC URL.
     *
     * @throws SQLException when no dialect speaks to it
     */
    static SqlDialect forUrl(String url) throws SQLException {
        if (url.startsWith("jdbc:sqlite:")) {
            return new SqliteDialect();
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        throw new SQLException("a prediction log is a SQLite file or a jdbc:sqlite: or jdbc:postgresql: URL");
    }

    /** Makes the location ready for a first connection (a SQLite file's folder must exist). */
    void prepareLocation(String url) throws IOException;

    /** Opens a connection for the store: manual commits, settings for the commit mode. */
    Connection connect(String url, CommitMode mode) throws SQLException;

    /**
     * The id of the connection's current transaction, taken before its writes so that its fate can
     * be asked if the answer to its commit is lost; {@link StoreException#commitUnknown()} never
     * happens without one.
     *
     * @return the id, or {@link #NO_TRANSACTION_ID} when the database cannot lose that answer
     */
    long transactionId(Connection connection) throws SQLException;

    /** What became of transaction {@code id}, asked on a connection that works. */
    PredictionStore.Fate fate(Connection connection, long id) throws SQLException;

    /**
     * A write in the connection's transaction that changes nothing anyone reads, so that committing
     * it tells whether the store can commit (see {@link PredictionStore#probe()}).
     */
    void probe(Connection connection) throws SQLException;

    /** The schema pattern under which JDBC metadata finds the log's tables ({@code null}: any). */
    String metadataSchema(Connection connection) throws SQLException;

    /** How JDBC metadata names the type of a column declared as {@code declared}. */
    String reportedType(String declared);

    /** What a location is called in messages that tell the operator what to set. */
    String locationNoun();

    /**
     * Whether {@code failure} is the database refusing the values a statement gave it (a NUL in a
     * text, a constraint), which the same values meet again on every retry, rather than a fault
     * of the store (a full disk, a lost connection, a missing table), which may pass.
     */
    boolean refusesValues(SQLException failure);
}
