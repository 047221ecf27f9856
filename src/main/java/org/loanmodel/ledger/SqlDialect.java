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

    /** The schema pattern under which JDBC metadata finds the log's tables ({@code null}: any). */
    String metadataSchema(Connection connection) throws SQLException;

    /** How JDBC metadata names the type of a column declared as {@code declared}. */
    String reportedType(String declared);

    /** What a location is called in messages that tell the operator what to set. */
    String locationNoun();
}
