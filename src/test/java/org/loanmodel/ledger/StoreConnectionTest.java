package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statements a connection keeps prepared from one transaction to the next. */
class StoreConnectionTest {
    private static final String INSERT = "INSERT INTO t (v) VALUES (?)";

    @Test
    void aStatementIsPreparedOnceAcrossTransactionsAndAnewAfterOneFails(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("s.db");
        try (StoreConnection db = new StoreConnection(url, SqlDialect.forUrl(url), CommitMode.SYNC, List.of())) {
            db.write(c -> {
                try (Statement create = c.createStatement()) {
                    create.execute("CREATE TABLE t (v INTEGER NOT NULL)");
                }
                return null;
            });
            PreparedStatement first = db.write(c -> insert(db, 1));
            PreparedStatement second = db.write(c -> insert(db, 2));
            assertThat(second).isSameAs(first);
            assertThat(first.isClosed()).isFalse();

            // A batch bound and then failed: its statement goes with the transaction.
            assertThatThrownBy(() -> db.write(c -> {
                        PreparedStatement statement = db.prepared(INSERT);
                        statement.setInt(1, 3);
                        statement.addBatch();
                        throw new SQLException("failed after binding");
                    }))
                    .isInstanceOf(StoreException.class);
            assertThat(first.isClosed()).isTrue();
            PreparedStatement third = db.write(c -> insert(db, 4));
            assertThat(third).isNotSameAs(first);
            String stored = db.read(c -> {
                try (Statement select = c.createStatement();
                        ResultSet rows =
                                select.executeQuery("SELECT group_concat(v) FROM (SELECT v FROM t ORDER BY v)")) {
                    rows.next();
                    return rows.getString(1);
                }
            });
            // The failed transaction's bound row stayed out; nothing was inserted twice.
            assertThat(stored).isEqualTo("1,2,4");
        }
    }

    @Test
    void statementsAheadArePreparedWhenTheConnectionOpens(@TempDir Path dir) {
        String url = "jdbc:sqlite:" + dir.resolve("s.db");
        assertThatThrownBy(() -> new StoreConnection(
                        url, SqlDialect.forUrl(url), CommitMode.SYNC, List.of("INSERT INTO missing (v) VALUES (?)")))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("no such table: missing");
    }

    @Test
    void statementsAheadArePreparedAgainAfterAFailureClosedThem(@TempDir Path dir) throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("s.db");
        try (StoreConnection create = new StoreConnection(url, SqlDialect.forUrl(url), CommitMode.SYNC, List.of())) {
            create.write(c -> execute(c, "CREATE TABLE t (v INTEGER NOT NULL)"));
        }
        try (StoreConnection db = new StoreConnection(url, SqlDialect.forUrl(url), CommitMode.SYNC, List.of(INSERT))) {
            // Prepared ahead and unbound: the first transaction runs it as any later one does.
            db.write(c -> insert(db, 1));
            db.write(c -> execute(c, "DROP TABLE t"));
            assertThatThrownBy(() -> db.write(c -> {
                        throw new SQLException("failed");
                    }))
                    .isInstanceOf(StoreException.class);

            assertThatThrownBy(() -> db.write(c -> null))
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("cannot prepare the log's statements: ")
                    .hasMessageContaining("no such table: t");
        }
    }

    private static Void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        return null;
    }

    private static PreparedStatement insert(StoreConnection db, int value) throws SQLException {
        PreparedStatement statement = db.prepared(INSERT);
        statement.setInt(1, value);
        statement.addBatch();
        statement.executeBatch();
        return statement;
    }
}
