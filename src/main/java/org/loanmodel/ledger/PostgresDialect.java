package org.loanmodel.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** A PostgreSQL database, the log several replicas share. */
final class PostgresDialect implements SqlDialect {
    /** The names PostgreSQL's catalog gives the types the migrations declare. */
    private static final Map<String, String> CATALOG_TYPES = Map.of(
            "TEXT", "text",
            "BIGINT", "int8",
            "SMALLINT", "int2",
            "DOUBLE PRECISION", "float8");

    @Override
    public void prepareLocation(String url) {
        // The server owns its storage.
    }

    @Override
    public Connection connect(String url, CommitMode mode) throws SQLException {
        Connection opened = DriverManager.getConnection(url);
        opened.setAutoCommit(false);
        return opened;
    }

    /**
     * {@code txid_current()}: over a network the answer to a commit can be lost after the server
     * committed, and {@code txid_status} tells afterwards.
     */
    @Override
    public long transactionId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT txid_current()")) {
            row.next();
            return row.getLong(1);
        }
    }

    @Override
    public PredictionStore.Fate fate(Connection connection, long id) throws SQLException {
        try (PreparedStatement status = connection.prepareStatement("SELECT txid_status(?)")) {
            status.setLong(1, id);
            try (ResultSet row = status.executeQuery()) {
                row.next();
                String fate = row.getString(1);
                if ("committed".equals(fate)) {
                    return PredictionStore.Fate.COMMITTED;
                }
                if ("aborted".equals(fate)) {
                    return PredictionStore.Fate.ROLLED_BACK;
                }
                // "in progress": the server is still finishing it; null: too old to tell.
                return PredictionStore.Fate.UNKNOWN;
            }
        }
    }

    /** Nothing more: the transaction id every write takes already makes the commit a write. */
    @Override
    public void probe(Connection connection) {}

    /** The connection's current schema, where the migrations create the tables. */
    @Override
    public String metadataSchema(Connection connection) throws SQLException {
        return connection.getSchema();
    }

    @Override
    public String reportedType(String declared) {
        return CATALOG_TYPES.getOrDefault(declared, declared.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String locationNoun() {
        return "database";
    }

    /**
     * SQLSTATE classes 22 (data exception: a NUL in a text, a value out of range) and 23 (integrity
     * constraint violation). Class 53 (a full disk) and 08 (a lost connection) are faults.
     */
    @Override
    public boolean refusesValues(SQLException failure) {
        // A batch's BatchUpdateException carries the statement's own error as its next exception.
        for (SQLException e = failure; e != null; e = e.getNextException()) {
            String state = e.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
        }
        return false;
    }
}
