package org.loanmodel.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.loanmodel.testing.Databases;

/**
 * A fresh store of one kind for each test, and access to it behind the log's back; the contracts
 * extend this, and each store kind's test class supplies the store.
 */
abstract class StoreUnderTest {
    /** The location (file or JDBC URL) of the store this test uses. */
    String store;

    /** The location of a fresh, empty store. */
    abstract String newStore();

    /** What the store kind's messages call a location: {@code file} or {@code database}. */
    abstract String locationNoun();

    /** Statements that make inserting a decision with id {@code poison} fail. */
    abstract List<String> poisonTrigger();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    LedgerSettings settings() {
        return LedgerSettings.defaults(store);
    }

    /** Runs statements on the store behind the log's back, in one transaction. */
    void execute(String... statements) {
        try (Connection connection = DriverManager.getConnection(settings().jdbcUrl());
                Statement statement = connection.createStatement()) {
            if (store.startsWith("jdbc:postgresql:")) {
                statement.execute("SET lock_timeout = '10s'");
            } else {
                statement.execute("PRAGMA busy_timeout=10000");
            }
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** The first column of every row {@code query} returns, as strings. */
    List<String> query(String query) {
        return Databases.column(settings().jdbcUrl(), query);
    }

    /**
     * Holds the store's write lock from another connection until closed: the log's next insert
     * waits for it.
     */
    WriteLock lockWrites() throws SQLException {
        Connection connection = DriverManager.getConnection(settings().jdbcUrl());
        try (Statement statement = connection.createStatement()) {
            if (store.startsWith("jdbc:postgresql:")) {
                connection.setAutoCommit(false);
                statement.execute("LOCK TABLE predictions IN EXCLUSIVE MODE");
            } else {
                statement.execute("BEGIN IMMEDIATE");
            }
        }
        return () -> {
            try (Statement statement = connection.createStatement()) {
                if (store.startsWith("jdbc:postgresql:")) {
                    connection.rollback();
                } else {
                    statement.execute("ROLLBACK");
                }
            } finally {
                connection.close();
            }
        };
    }

    /** A write lock held by {@link #lockWrites()}. */
    @FunctionalInterface
    interface WriteLock {
        void release() throws SQLException;
    }

    long countRowsDirectly() {
        return Long.parseLong(query("SELECT COUNT(*) FROM predictions").get(0));
    }
}
