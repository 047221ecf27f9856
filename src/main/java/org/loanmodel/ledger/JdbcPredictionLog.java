package org.loanmodel.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.LoanApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction log on a JDBC database: an embedded SQLite file by default, or PostgreSQL when
 * several replicas share one log.
 *
 * <p>One writer thread owns the connection. Callers enqueue commands; the writer drains up to
 * {@code batchSize} of them into one transaction, in arrival order. A batch that fails is rolled
 * back; acknowledged decisions ({@link CommitMode#ASYNC}) are retried with backoff until they are
 * stored, which fills the queue and turns new appends away ({@link LogOverloadedException}) rather
 * than losing anything silently. Every failure is logged and reported to the {@link
 * LedgerListener}.
 */
public final class JdbcPredictionLog implements PredictionLog {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcPredictionLog.class);
    private static final CompletableFuture<Void> STORED = CompletableFuture.completedFuture(null);
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final int SHUTDOWN_ATTEMPTS = 5;

    private final LedgerSettings settings;
    private final LedgerListener listener;
    private final Clock clock;
    private final FeatureSchema schema;
    private final SqlStatements sql;
    private final boolean sqlite;
    private final BlockingQueue<Command> queue;
    private final AtomicLong rows = new AtomicLong();
    private final String url;
    private final Thread writer;
    /** Owned by the writer thread once it runs; replaced when a server connection breaks. */
    private Connection connection;

    private volatile boolean closing;
    private volatile boolean failing;
    /** Set if the writer thread died: nothing more can be stored. */
    private volatile Throwable stopped;

    private long nextSweepMillis;

    /** A unit of work for the writer thread. */
    private sealed interface Command permits Append, Label, Find, Sweep {}

    private record Append(PredictionRecord record, CompletableFuture<Void> stored) implements Command {}

    private record Label(LabelRequest request, CompletableFuture<LabelResult> result) implements Command {}

    private record Find(String predictionId, CompletableFuture<Optional<StoredPrediction>> result) implements Command {}

    private record Sweep(CompletableFuture<Long> deleted) implements Command {}

    private JdbcPredictionLog(LedgerSettings settings, FeatureSchema schema, LedgerListener listener, Clock clock)
            throws SQLException {
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
        this.schema = schema;
        this.sql = new SqlStatements(schema.names());
        this.sqlite = settings.jdbcUrl().startsWith("jdbc:sqlite:");
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
        this.url = settings.jdbcUrl();
        this.connection = connect();
        prepareSchema();
        rows.set(countRows());
        // End the read transaction: on PostgreSQL an open one would hold a lock on the table.
        connection.commit();
        nextSweepMillis = clock.millis() + settings.sweepInterval().toMillis();
        writer = new Thread(this::writeLoop, "prediction-log-writer");
        writer.setDaemon(false);
        writer.setUncaughtExceptionHandler((thread, e) -> {
            stopped = e;
            failing = true;
            LOG.error("prediction log writer stopped; {} queued commands will not be written", queue.size(), e);
        });
        writer.start();
    }

    /**
     * Opens (and creates if needed) the log.
     *
     * @throws IllegalArgumentException with a message that says what to do when the store cannot be
     *     opened
     */
    public static JdbcPredictionLog open(
            LedgerSettings settings, FeatureSchema schema, LedgerListener listener, Clock clock) {
        String url = settings.jdbcUrl();
        try {
            if (url.startsWith("jdbc:sqlite:")) {
                createParentFolder(url.substring("jdbc:sqlite:".length()));
            }
            return new JdbcPredictionLog(settings, schema, listener, clock);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot open prediction log " + settings.location() + ": "
                    + e.getMessage() + " (set --prediction-log or PREDICTION_LOG)");
        }
    }

    private static void createParentFolder(String file) throws java.io.IOException {
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private Connection connect() throws SQLException {
        Connection opened = DriverManager.getConnection(url);
        if (sqlite) {
            try (Statement statement = opened.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                // NORMAL survives a process crash in WAL mode; FULL also survives power loss.
                statement.execute(
                        "PRAGMA synchronous=" + (settings.commitMode() == CommitMode.SYNC ? "FULL" : "NORMAL"));
                statement.execute("PRAGMA busy_timeout=10000");
            }
        }
        opened.setAutoCommit(false);
        return opened;
    }

    /**
     * Creates the tables if needed. Replicas starting together on one PostgreSQL may race on
     * {@code CREATE TABLE IF NOT EXISTS}; the loser retries once and finds the tables there.
     */
    private void prepareSchema() throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Statement statement = connection.createStatement()) {
                for (String ddl : sql.schema) {
                    statement.execute(ddl);
                }
                connection.commit();
                return;
            } catch (SQLException e) {
                connection.rollback();
                if (attempt == 2) {
                    throw e;
                }
            }
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
            connection = connect();
            LOG.info("reconnected to the prediction log");
        } catch (SQLException e) {
            LOG.error("reconnecting to the prediction log failed: {}", e.getMessage());
        }
    }

    @Override
    public CompletionStage<Void> append(PredictionRecord record) {
        boolean sync = settings.commitMode() == CommitMode.SYNC;
        Append command = new Append(record, sync ? new CompletableFuture<>() : STORED);
        enqueueOrReject(command);
        return command.stored();
    }

    private void enqueueOrReject(Command command) {
        if (closing) {
            throw new LogUnavailableException("prediction log is closed", null);
        }
        if (stopped != null) {
            throw new LogUnavailableException("prediction log writer stopped: " + stopped, stopped);
        }
        if (!queue.offer(command)) {
            listener.rejected();
            throw new LogOverloadedException(settings.queueCapacity());
        }
    }

    @Override
    public CompletionStage<LabelResult> label(LabelRequest request) {
        Label command = new Label(request, new CompletableFuture<>());
        enqueueOrReject(command);
        return command.result();
    }

    @Override
    public CompletionStage<Optional<StoredPrediction>> find(String predictionId) {
        Find command = new Find(predictionId, new CompletableFuture<>());
        enqueueOrReject(command);
        return command.result();
    }

    @Override
    public CompletionStage<Long> sweep() {
        Sweep command = new Sweep(new CompletableFuture<>());
        enqueueOrReject(command);
        return command.deleted();
    }

    @Override
    public long rows() {
        return rows.get();
    }

    @Override
    public int queueDepth() {
        return queue.size();
    }

    @Override
    public int queueCapacity() {
        return settings.queueCapacity();
    }

    @Override
    public boolean failing() {
        return failing;
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("interrupted while flushing the prediction log; {} commands not written", queue.size());
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.error("closing the prediction log failed: {}", e.getMessage());
        }
    }

    private void writeLoop() {
        List<Command> batch = new ArrayList<>(settings.batchSize());
        while (true) {
            Command first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.error("prediction log writer interrupted; {} commands not written", queue.size());
                return;
            }
            if (first == null) {
                if (closing && queue.isEmpty()) {
                    LOG.info("prediction log flushed and closed ({} rows kept)", rows.get());
                    return;
                }
                sweepIfDue();
                continue;
            }
            batch.add(first);
            lingerForMore();
            queue.drainTo(batch, settings.batchSize() - 1);
            writeWithRetry(batch);
            batch.clear();
            sweepIfDue();
        }
    }

    /**
     * Gives more commands the chance to join this transaction, unless a full batch is already
     * waiting or the log is closing. Parking once is enough: the wait is short and bounded.
     */
    private void lingerForMore() {
        long nanos = settings.linger().toNanos();
        if (nanos > 0 && !closing && queue.size() < settings.batchSize() - 1) {
            LockSupport.parkNanos(nanos);
        }
    }

    /** Writes a batch; keeps retrying acknowledged appends, fails everything else at once. */
    private void writeWithRetry(List<Command> batch) {
        long backoff = 50;
        for (int attempt = 1; ; attempt++) {
            try {
                long start = System.nanoTime();
                List<Runnable> completions = write(batch);
                connection.commit();
                failing = false;
                completions.forEach(Runnable::run);
                int appended =
                        (int) batch.stream().filter(Append.class::isInstance).count();
                listener.committed(appended, (System.nanoTime() - start) / 1e9);
                return;
            } catch (SQLException | RuntimeException | AssertionError e) {
                // AssertionError: the PostgreSQL driver asserts on a dead connection when run with -ea.
                failing = true;
                rollbackQuietly();
                reconnectIfBroken();
                listener.writeFailed(batch.size());
                LOG.error(
                        "prediction log write of {} commands failed (attempt {}): {}",
                        batch.size(),
                        attempt,
                        e.getMessage());
                failUnacknowledged(batch, e);
                if (batch.isEmpty()) {
                    return;
                }
                if (closing && attempt >= SHUTDOWN_ATTEMPTS) {
                    LOG.error("giving up at shutdown: {} acknowledged predictions were not stored", batch.size());
                    return;
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    /** Fails, and removes from the batch, every command whose caller is still waiting. */
    private static void failUnacknowledged(List<Command> batch, Throwable cause) {
        LogUnavailableException failure =
                new LogUnavailableException("prediction log write failed: " + cause.getMessage(), cause);
        batch.removeIf(command -> {
            if (command instanceof Append append) {
                // Acknowledged appends (ASYNC) stay in the batch to be retried.
                return append.stored().completeExceptionally(failure);
            }
            if (command instanceof Label label) {
                label.result().completeExceptionally(failure);
            } else if (command instanceof Find find) {
                find.result().completeExceptionally(failure);
            } else if (command instanceof Sweep sweep) {
                sweep.deleted().completeExceptionally(failure);
            }
            return true;
        });
    }

    /**
     * Runs a batch inside the open transaction and returns the completions to run after commit.
     * Appends are sent in JDBC batches, flushed before any command that reads.
     */
    private List<Runnable> write(List<Command> batch) throws SQLException {
        List<Runnable> completions = new ArrayList<>();
        RowCount count = new RowCount();
        List<PredictionRecord> rowsToInsert = new ArrayList<>(batch.size());
        try (Inserts inserts = new Inserts()) {
            for (Command command : batch) {
                if (command instanceof Append append) {
                    rowsToInsert.add(append.record());
                    if (append.stored() != STORED) {
                        completions.add(() -> append.stored().complete(null));
                    }
                    continue;
                }
                // Labels and sweeps must see every decision queued before them.
                count.inserted += inserts.insert(rowsToInsert);
                rowsToInsert.clear();
                completions.add(run(command, count));
            }
            count.inserted += inserts.insert(rowsToInsert);
        }
        completions.add(0, count::publish);
        return completions;
    }

    /**
     * The insert statements of one transaction, each prepared once when first needed, however
     * many labels and sweeps split the appends into runs.
     */
    private final class Inserts implements AutoCloseable {
        private PreparedStatement many;
        private PreparedStatement one;

        /** Inserts the rows, 64 to a statement and the rest one by one; returns how many were new. */
        long insert(List<PredictionRecord> records) throws SQLException {
            int rowsPerStatement = SqlStatements.ROWS_PER_INSERT;
            int whole = records.size() - records.size() % rowsPerStatement;
            long inserted = 0;
            if (whole > 0) {
                if (many == null) {
                    many = connection.prepareStatement(sql.insertMany);
                }
                for (int start = 0; start < whole; start += rowsPerStatement) {
                    int column = 1;
                    for (int i = start; i < start + rowsPerStatement; i++) {
                        column = bindInsert(many, column, records.get(i));
                    }
                    many.addBatch();
                }
                inserted += sum(many.executeBatch(), rowsPerStatement);
            }
            if (whole < records.size()) {
                if (one == null) {
                    one = connection.prepareStatement(sql.insert);
                }
                for (int i = whole; i < records.size(); i++) {
                    bindInsert(one, 1, records.get(i));
                    one.addBatch();
                }
                inserted += sum(one.executeBatch(), 1);
            }
            return inserted;
        }

        @Override
        public void close() throws SQLException {
            try {
                if (many != null) {
                    many.close();
                }
            } finally {
                if (one != null) {
                    one.close();
                }
            }
        }
    }

    /** How a batch changes the row count: a retention sweep recounts exactly, inserts add. */
    private final class RowCount {
        long inserted;
        long recounted = -1;

        void recount(long rowsNow) {
            recounted = rowsNow;
            inserted = 0;
        }

        void publish() {
            if (recounted >= 0) {
                rows.set(recounted + inserted);
            } else {
                rows.addAndGet(inserted);
            }
        }
    }

    private static long sum(int[] counts, int rowsPerStatement) {
        long total = 0;
        for (int count : counts) {
            // SUCCESS_NO_INFO (-2): the statement ran but the driver did not count its rows.
            total += count == Statement.SUCCESS_NO_INFO ? rowsPerStatement : Math.max(count, 0);
        }
        return total;
    }

    private Runnable run(Command command, RowCount count) throws SQLException {
        if (command instanceof Label label) {
            LabelResult result = applyLabel(label.request());
            return () -> label.result().complete(result);
        }
        if (command instanceof Find find) {
            Optional<StoredPrediction> found = select(find.predictionId());
            return () -> find.result().complete(found);
        }
        if (command instanceof Sweep sweep) {
            long[] deleted = deleteExpired();
            count.recount(countRows());
            return () -> {
                report("max_age", deleted[0]);
                report("max_rows", deleted[1]);
                sweep.deleted().complete(deleted[0] + deleted[1]);
            };
        }
        throw new IllegalStateException("appends are batched, not run one by one");
    }

    /** Binds one row from parameter {@code column} on; returns the first parameter after it. */
    private static int bindInsert(PreparedStatement insert, int column, PredictionRecord record) throws SQLException {
        var decision = record.decision();
        LoanApplication application = record.application();
        insert.setString(column++, decision.predictionId());
        insert.setLong(column++, decision.createdAtMillis());
        insert.setString(column++, decision.modelVersion());
        for (int feature = 0; feature < application.size(); feature++) {
            insert.setDouble(column++, application.value(feature));
        }
        insert.setDouble(column++, decision.probability());
        insert.setInt(column++, decision.approvalStatus());
        return column;
    }

    private LabelResult applyLabel(LabelRequest request) throws SQLException {
        int updated;
        try (PreparedStatement update = connection.prepareStatement(sql.label)) {
            update.setInt(1, request.actualOutcome());
            update.setLong(2, request.receivedAtMillis());
            update.setString(3, request.predictionId());
            updated = update.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(sql.selectLabel)) {
            select.setString(1, request.predictionId());
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    return verifiedResult(request, row, updated == 1);
                }
            }
        }
        if (request.claimedPrediction() < 0) {
            return LabelResult.unknown();
        }
        return applyUnverified(request);
    }

    private static LabelResult verifiedResult(LabelRequest request, ResultSet row, boolean updated)
            throws SQLException {
        int actual = row.getInt("actual_outcome");
        long labelledAt = row.getLong("labelled_at");
        LabelResult.Status status;
        if (updated) {
            status = LabelResult.Status.RECORDED;
        } else if (actual != request.actualOutcome()) {
            status = LabelResult.Status.CONFLICT;
        } else {
            status = LabelResult.Status.DUPLICATE;
        }
        return new LabelResult(
                status,
                true,
                row.getString("model_version"),
                row.getInt("approval_status"),
                actual,
                row.getLong("created_at"),
                labelledAt);
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
                int actual = row.getInt("actual_outcome");
                LabelResult.Status status = actual != request.actualOutcome()
                        ? LabelResult.Status.CONFLICT
                        : inserted == 1 ? LabelResult.Status.RECORDED : LabelResult.Status.DUPLICATE;
                return new LabelResult(
                        status, false, null, row.getInt("predicted_outcome"), actual, 0, row.getLong("received_at"));
            }
        }
    }

    private Optional<StoredPrediction> select(String predictionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql.selectPrediction)) {
            select.setString(1, predictionId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                double[] features = new double[schema.size()];
                for (int i = 0; i < features.length; i++) {
                    features[i] = row.getDouble(schema.name(i));
                }
                int actual = row.getInt("actual_outcome");
                Integer actualOutcome = row.wasNull() ? null : actual;
                long labelledAt = row.getLong("labelled_at");
                Long labelledAtMillis = row.wasNull() ? null : labelledAt;
                return Optional.of(new StoredPrediction(
                        predictionId,
                        row.getLong("created_at"),
                        row.getString("model_version"),
                        features,
                        row.getDouble("probability"),
                        row.getInt("approval_status"),
                        actualOutcome,
                        labelledAtMillis));
            }
        }
    }

    private void sweepIfDue() {
        long now = clock.millis();
        if (now < nextSweepMillis) {
            return;
        }
        nextSweepMillis = now + settings.sweepInterval().toMillis();
        List<Command> sweep = new ArrayList<>(List.of(new Sweep(new CompletableFuture<>())));
        writeWithRetry(sweep);
    }

    /**
     * Deletes by age, then by row count, inside the writer's transaction; returns both counts.
     * Ties at the oldest kept millisecond are kept, so at least {@code maxRows} rows remain.
     */
    private long[] deleteExpired() throws SQLException {
        long cutoff = clock.millis() - settings.maxAge().toMillis();
        long byAge = delete(sql.deleteOlderThan, cutoff);
        delete(sql.deleteUnverifiedOlderThan, cutoff);
        long byRows = 0;
        try (PreparedStatement nth = connection.prepareStatement(sql.nthNewestCreatedAt)) {
            nth.setLong(1, settings.maxRows() - 1);
            try (ResultSet row = nth.executeQuery()) {
                if (row.next()) {
                    byRows = delete(sql.deleteOlderThan, row.getLong(1));
                }
            }
        }
        return new long[] {byAge, byRows};
    }

    private void report(String reason, long deleted) {
        if (deleted > 0) {
            listener.deleted(reason, deleted);
            LOG.info("retention ({}) deleted {} predictions", reason, deleted);
        }
    }

    private long delete(String statement, long before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(statement)) {
            delete.setLong(1, before);
            return delete.executeUpdate();
        }
    }

    private long countRows() throws SQLException {
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
