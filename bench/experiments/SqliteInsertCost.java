import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * CPU cost of one prediction-log row in SQLite, outside the server: the schema the service uses
 * today against variants (WITHOUT ROWID, no created_at index, multi-row INSERT) and commit sizes.
 * Evidence for the prediction-log proposals in BENCHMARKS.md; benchmark-only code.
 *
 * <p>Run pinned to one core, with the shaded jar for sqlite-jdbc:
 * {@code taskset -c 0 java -Dcommit=2048 -cp target/loan-model-api.jar bench/experiments/SqliteInsertCost.java}
 */
public class SqliteInsertCost {
    private static final String[] FEATURES = {
        "age", "income", "loan_amount", "loan_term", "credit_score", "employment_status", "loan_purpose"
    };
    private static final int ROWS = 2048 * 98;

    public static void main(String[] args) throws Exception {
        int commit = Integer.getInteger("commit", 2048);
        String[] ids = timeOrderedIds();
        Map<String, Double> best = new LinkedHashMap<>();
        String[] variants = {
            "current", "current, 64-row INSERT", "WITHOUT ROWID", "WITHOUT ROWID, no created_at index",
            "WITHOUT ROWID, no created_at index, 64-row INSERT"
        };
        for (int repeat = 0; repeat < 3; repeat++) {
            for (String variant : variants) {
                best.merge(variant, microsPerRow(variant, ids, commit), Math::min);
            }
        }
        best.forEach((variant, micros) -> System.out.printf(
                "%-52s %.2f us/row (best of 3 x %d rows, commit every %d rows)%n", variant, micros, ROWS, commit));
    }

    /** Ids shaped like the service's version 7 UUIDs: time first, so inserts append. */
    private static String[] timeOrderedIds() {
        String[] ids = new String[ROWS];
        long start = System.currentTimeMillis();
        SplittableRandom random = new SplittableRandom(2);
        for (int n = 0; n < ROWS; n++) {
            long millis = start + n / 30;
            ids[n] = String.format("%08x-%04x-7%03x-%04x-%012x", millis >>> 16, millis & 0xffff,
                    random.nextInt(4096), 0x8000 | random.nextInt(0x4000), random.nextLong() & 0xffffffffffffL);
        }
        return ids;
    }

    private static double microsPerRow(String variant, String[] ids, int commit) throws Exception {
        Path file = Files.createTempFile("insert-cost", ".db");
        Files.delete(file);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            createSchema(connection, variant);
            connection.setAutoCommit(false);
            int perStatement = variant.endsWith("64-row INSERT") ? 64 : 1;
            SplittableRandom random = new SplittableRandom(1);
            long start = System.nanoTime();
            long millis = System.currentTimeMillis();
            try (PreparedStatement insert = connection.prepareStatement(insertSql(perStatement))) {
                for (int done = 0; done < ROWS; done += commit) {
                    for (int i = 0; i < commit; i += perStatement) {
                        int k = 1;
                        for (int j = 0; j < perStatement; j++) {
                            int n = done + i + j;
                            insert.setString(k++, ids[n]);
                            insert.setLong(k++, millis + n / 30);
                            insert.setString(k++, "976a5d31a81b");
                            for (int f = 0; f < FEATURES.length; f++) {
                                insert.setDouble(k++, random.nextInt(100_000));
                            }
                            insert.setDouble(k++, random.nextDouble());
                            insert.setInt(k++, random.nextInt(2));
                        }
                        if (perStatement == 1) {
                            insert.addBatch();
                        } else {
                            insert.executeUpdate();
                        }
                    }
                    if (perStatement == 1) {
                        insert.executeBatch();
                    }
                    connection.commit();
                }
            }
            return (System.nanoTime() - start) / 1e3 / ROWS;
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        }
    }

    /** The service's table and pragmas (async commit), varied as the variant says. */
    private static void createSchema(Connection connection, String variant) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=NORMAL");
            String columns = String.join(" DOUBLE PRECISION NOT NULL, ", FEATURES) + " DOUBLE PRECISION NOT NULL";
            statement.execute("CREATE TABLE predictions (prediction_id TEXT PRIMARY KEY, created_at BIGINT NOT NULL,"
                    + " model_version TEXT NOT NULL, " + columns + ", probability DOUBLE PRECISION NOT NULL,"
                    + " approval_status SMALLINT NOT NULL, actual_outcome SMALLINT, labelled_at BIGINT)"
                    + (variant.startsWith("WITHOUT ROWID") ? " WITHOUT ROWID" : ""));
            if (!variant.contains("no created_at index")) {
                statement.execute("CREATE INDEX predictions_created_at ON predictions (created_at)");
            }
        }
    }

    private static String insertSql(int rows) {
        String row = "(?, ?, ?, " + "?, ".repeat(FEATURES.length) + "?, ?)";
        return "INSERT INTO predictions (prediction_id, created_at, model_version, " + String.join(", ", FEATURES)
                + ", probability, approval_status) VALUES " + String.join(", ", Collections.nCopies(rows, row))
                + " ON CONFLICT (prediction_id) DO NOTHING";
    }
}
