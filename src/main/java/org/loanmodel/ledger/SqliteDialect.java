package org.loanmodel.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/** The embedded default: one SQLite file in WAL mode. */
final class SqliteDialect implements SqlDialect {
    private static final String PREFIX = "jdbc:sqlite:";

    @Override
    public void prepareLocation(String url) throws IOException {
        String file = url.substring(PREFIX.length());
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                // The JDK's message is the bare path; say what failed.
                throw new IOException("cannot create the folder " + parent, e);
            }
        }
    }

    @Override
    public Connection connect(String url, CommitMode mode) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // One thread at a time uses a store's connection (the writer), so SQLite's own lock around
        // every call, two per bound value, is pure cost: about a tenth of the writer's CPU.
        config.setOpenMode(SQLiteOpenMode.NOMUTEX);
        Connection opened = DriverManager.getConnection(url, config.toProperties());
        try (Statement statement = opened.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            // NORMAL survives a process crash in WAL mode; FULL also survives power loss.
            statement.execute("PRAGMA synchronous=" + (mode == CommitMode.SYNC ? "FULL" : "NORMAL"));
            statement.execute("PRAGMA busy_timeout=10000");
        } catch (SQLException e) {
            opened.close();
            throw e;
        }
        opened.setAutoCommit(false);
        return opened;
    }

    /**
     * None: the commit is a call into the library in this process, so an error means SQLite did not
     * write the commit frame (or rolled the transaction back itself, after {@code SQLITE_FULL}).
     */
    @Override
    public long transactionId(Connection connection) {
        return NO_TRANSACTION_ID;
    }

    /** Never asked, as no transaction id is ever handed out. */
    @Override
    public PredictionStore.Fate fate(Connection connection, long id) {
        return PredictionStore.Fate.ROLLED_BACK;
    }

    /**
     * Writes the header's {@code user_version} back unchanged (no one here reads it; Flyway keeps
     * its own history table): page 1 is rewritten into the WAL, which needs space and a writable
     * file, like any insert.
     */
    @Override
    public void probe(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int version;
            try (ResultSet row = statement.executeQuery("PRAGMA user_version")) {
                row.next();
                version = row.getInt(1);
            }
            statement.execute("PRAGMA user_version = " + version);
        }
    }

    @Override
    public String metadataSchema(Connection connection) {
        return null;
    }

    /** SQLite reports a column's type as declared. */
    @Override
    public String reportedType(String declared) {
        return declared;
    }

    @Override
    public String locationNoun() {
        return "file";
    }

    /**
     * SQLite's primary result codes for refused values: {@code SQLITE_TOOBIG}, {@code
     * SQLITE_CONSTRAINT} (also a trigger's {@code RAISE(ABORT, ...)}), {@code SQLITE_MISMATCH} and
     * {@code SQLITE_RANGE}. {@code SQLITE_FULL} and I/O errors are faults.
     */
    @Override
    public boolean refusesValues(SQLException failure) {
        if (!(failure instanceof SQLiteException sqlite)) {
            return false;
        }
        // An extended code (SQLITE_CONSTRAINT_TRIGGER, ...) keeps its primary code in the low byte.
        int primary = sqlite.getResultCode().code & 0xff;
        return primary == SQLiteErrorCode.SQLITE_TOOBIG.code
                || primary == SQLiteErrorCode.SQLITE_CONSTRAINT.code
                || primary == SQLiteErrorCode.SQLITE_MISMATCH.code
                || primary == SQLiteErrorCode.SQLITE_RANGE.code;
    }
}
