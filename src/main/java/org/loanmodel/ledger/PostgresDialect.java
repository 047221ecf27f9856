package org.loanmodel.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
}
