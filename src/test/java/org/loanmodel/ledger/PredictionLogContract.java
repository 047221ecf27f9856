package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.MutableClock;
import org.loanmodel.training.LoanDataGenerator;

/**
 * What every prediction log store must do, run against SQLite ({@link SqlitePredictionLogTest}) and
 * a real PostgreSQL ({@link PostgresPredictionLogTest}).
 */
abstract class PredictionLogContract {
    private static final LoanApplication APPLICATION = LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1);
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final List<JdbcPredictionLog> opened = new ArrayList<>();
    private String store;

    /** The location (file or JDBC URL) of a fresh, empty store. */
    abstract String newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @AfterEach
    void closeLogs() {
        opened.forEach(JdbcPredictionLog::close);
    }

    private LedgerSettings settings(CommitMode mode, int queue) {
        return settings(mode, queue, 64, LedgerSettings.defaultLinger(mode));
    }

    private LedgerSettings settings(CommitMode mode, int queue, int batch, Duration linger) {
        return new LedgerSettings(store, mode, queue, batch, linger, Duration.ofDays(30), 1_000, Duration.ofDays(365));
    }

    private JdbcPredictionLog open(LedgerSettings settings, LedgerListener listener) {
        JdbcPredictionLog log = JdbcPredictionLog.open(settings, LoanDataGenerator.SCHEMA, listener, clock);
        opened.add(log);
        return log;
    }

    private JdbcPredictionLog open() {
        return open(settings(CommitMode.ASYNC, 100), LedgerListener.NONE);
    }

    /** A decision made {@code offsetMillis} after START (retention would delete older ones). */
    private static PredictionRecord record(String id, long offsetMillis, int approval) {
        return new PredictionRecord(
                new Decision(id, START.toEpochMilli() + offsetMillis, "0123456789ab", 0.875, approval), APPLICATION);
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static LabelRequest label(String id, int actual, long at) {
        return new LabelRequest(id, actual, -1, at);
    }

    @Test
    void appendedDecisionReadsBackWithEveryField() {
        JdbcPredictionLog log = open();
        join(log.append(record("p1", 1_000, 1)));
        StoredPrediction stored = join(log.find("p1")).orElseThrow();
        assertThat(stored.createdAtMillis()).isEqualTo(START.toEpochMilli() + 1_000);
        assertThat(stored.modelVersion()).isEqualTo("0123456789ab");
        assertThat(stored.features()).containsExactly(APPLICATION.values());
        assertThat(stored.probability()).isEqualTo(0.875);
        assertThat(stored.approvalStatus()).isEqualTo(1);
        assertThat(stored.actualOutcome()).isNull();
        assertThat(stored.labelledAtMillis()).isNull();
        assertThat(join(log.find("p2"))).isEmpty();
        assertThat(log.rows()).isEqualTo(1);
    }

    @Test
    void outcomeIsRecordedOnceThenReplayedThenConflictsAreRefused() {
        JdbcPredictionLog log = open();
        log.append(record("p1", 1_000, 1));

        long made = START.toEpochMilli() + 1_000;
        LabelResult first = join(log.label(label("p1", 0, made + 60_000)));
        assertThat(first)
                .isEqualTo(
                        new LabelResult(LabelResult.Status.RECORDED, true, "0123456789ab", 1, 0, made, made + 60_000));

        LabelResult replay = join(log.label(label("p1", 0, made + 99_000)));
        assertThat(replay)
                .isEqualTo(
                        new LabelResult(LabelResult.Status.DUPLICATE, true, "0123456789ab", 1, 0, made, made + 60_000));

        LabelResult conflict = join(log.label(label("p1", 1, 99_000)));
        assertThat(conflict.status()).isEqualTo(LabelResult.Status.CONFLICT);
        assertThat(conflict.actualOutcome()).isEqualTo(0);
        assertThat(join(log.find("p1")).orElseThrow().actualOutcome()).isEqualTo(0);
    }

    @Test
    void unknownIdNeedsTheClientsPredictionAndIsThenKeptApartAsUnverified() {
        JdbcPredictionLog log = open();
        assertThat(join(log.label(label("ghost", 1, 5)))).isEqualTo(LabelResult.unknown());

        LabelResult legacy = join(log.label(new LabelRequest("ghost", 1, 0, 5)));
        assertThat(legacy).isEqualTo(new LabelResult(LabelResult.Status.RECORDED, false, null, 0, 1, 0, 5));
        assertThat(join(log.label(new LabelRequest("ghost", 1, 0, 9))).status())
                .isEqualTo(LabelResult.Status.DUPLICATE);
        assertThat(join(log.label(new LabelRequest("ghost", 0, 0, 9))).status()).isEqualTo(LabelResult.Status.CONFLICT);
        assertThat(join(log.find("ghost"))).isEmpty();
    }

    @Test
    void outcomeSentRightAfterItsDecisionFindsIt() {
        JdbcPredictionLog log = open();
        List<CompletableFuture<LabelResult>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            log.append(record("p" + i, i, i % 2));
            results.add(log.label(label("p" + i, 1, 100 + i)).toCompletableFuture());
        }
        assertThat(results).allSatisfy(r -> assertThat(r.join().status()).isEqualTo(LabelResult.Status.RECORDED));
    }

    @Test
    void replicasSharingOneStoreJoinAndCountOnce() throws Exception {
        JdbcPredictionLog a = open();
        JdbcPredictionLog b = open();
        join(a.append(record("shared", 1, 1)));
        join(a.find("shared"));
        assertThat(join(b.find("shared"))).isPresent();

        CompletableFuture<LabelResult> fromA = a.label(label("shared", 1, 10)).toCompletableFuture();
        CompletableFuture<LabelResult> fromB = b.label(label("shared", 1, 11)).toCompletableFuture();
        List<LabelResult.Status> statuses =
                List.of(fromA.get().status(), fromB.get().status());
        assertThat(statuses).containsExactlyInAnyOrder(LabelResult.Status.RECORDED, LabelResult.Status.DUPLICATE);
    }

    @Test
    void decisionsSurviveARestart() {
        JdbcPredictionLog before = open();
        for (int i = 0; i < 10; i++) {
            before.append(record("p" + i, i, 1));
        }
        before.close();
        JdbcPredictionLog after = open();
        assertThat(after.rows()).isEqualTo(10);
        assertThat(join(after.label(label("p7", 1, 50))).status()).isEqualTo(LabelResult.Status.RECORDED);
    }

    @Test
    void rowCountStaysExactWhenLargeBatchesRepeatStoredIds() throws SQLException {
        JdbcPredictionLog first = open();
        for (int i = 0; i < 100; i++) {
            first.append(record("p" + i, i, 1));
        }
        first.close();
        // A long linger gathers the next 150 appends into one transaction: two 64-row statements
        // and 22 single rows, 50 of them with ids already stored.
        JdbcPredictionLog second =
                open(settings(CommitMode.ASYNC, 1_000, 1_000, Duration.ofMillis(500)), LedgerListener.NONE);
        for (int i = 50; i < 200; i++) {
            second.append(record("p" + i, i, 0));
        }
        second.close();
        assertThat(second.rows()).isEqualTo(200);
        assertThat(countRowsDirectly()).isEqualTo(200);
        JdbcPredictionLog third = open();
        assertThat(join(third.find("p60")).orElseThrow().approvalStatus())
                .as("a repeated id keeps the decision stored first")
                .isEqualTo(1);
        assertThat(join(third.find("p199")).orElseThrow().approvalStatus()).isEqualTo(0);
    }

    @Test
    void closeWritesEverythingAlreadyAccepted() throws SQLException {
        JdbcPredictionLog log = open(settings(CommitMode.ASYNC, 20_000), LedgerListener.NONE);
        for (int i = 0; i < 10_000; i++) {
            log.append(record("p" + i, i, 1));
        }
        log.close();
        assertThat(countRowsDirectly()).isEqualTo(10_000);
        assertThatThrownBy(() -> log.append(record("late", 1, 1)))
                .isInstanceOf(LogUnavailableException.class)
                .hasMessage("prediction log is closed");
    }

    @Test
    void retentionDeletesDecisionsOlderThanMaxAge() {
        AtomicLong deletedByAge = new AtomicLong();
        JdbcPredictionLog log = open(settings(CommitMode.ASYNC, 100), new LedgerListener() {
            @Override
            public void deleted(String reason, long rows) {
                if (reason.equals("max_age")) {
                    deletedByAge.addAndGet(rows);
                }
            }
        });
        log.append(record("old", -Duration.ofDays(31).toMillis(), 1));
        log.append(record("recent", -Duration.ofDays(29).toMillis(), 1));
        assertThat(join(log.sweep())).isEqualTo(1);
        assertThat(join(log.find("old"))).isEmpty();
        assertThat(join(log.find("recent"))).isPresent();
        assertThat(deletedByAge.get()).isEqualTo(1);
        assertThat(log.rows()).isEqualTo(1);

        clock.advance(Duration.ofDays(2));
        assertThat(join(log.sweep())).isEqualTo(1);
        assertThat(log.rows()).isZero();
    }

    @Test
    void retentionKeepsOnlyTheNewestMaxRows() {
        JdbcPredictionLog log = open(
                new LedgerSettings(
                        store, CommitMode.ASYNC, 100, 64, Duration.ZERO, Duration.ofDays(30), 3, Duration.ofDays(365)),
                LedgerListener.NONE);
        for (int i = 0; i < 5; i++) {
            log.append(record("p" + i, i - 5, 1));
        }
        assertThat(join(log.sweep())).isEqualTo(2);
        assertThat(join(log.find("p1"))).isEmpty();
        assertThat(join(log.find("p2"))).isPresent();
        assertThat(log.rows()).isEqualTo(3);
    }

    @Test
    void lingerGathersAppendsThatArriveTogetherIntoOneTransaction() {
        List<Integer> transactions = new CopyOnWriteArrayList<>();
        JdbcPredictionLog log = open(settings(CommitMode.ASYNC, 100, 64, Duration.ofMillis(500)), new LedgerListener() {
            @Override
            public void committed(int records, double seconds) {
                transactions.add(records);
            }
        });
        for (int i = 0; i < 50; i++) {
            log.append(record("p" + i, i, 1));
        }
        Await.until(
                "50 decisions committed",
                Duration.ofSeconds(10),
                () -> transactions.stream().mapToInt(Integer::intValue).sum() >= 50);
        assertThat(transactions).containsExactly(50);
        assertThat(log.rows()).isEqualTo(50);
    }

    @Test
    void fullQueueRefusesNewDecisionsInsteadOfDroppingThem() throws Exception {
        CountDownLatch writerBlocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger rejected = new AtomicInteger();
        JdbcPredictionLog log = open(settings(CommitMode.ASYNC, 2), new LedgerListener() {
            @Override
            public void committed(int records, double seconds) {
                writerBlocked.countDown();
                await(release);
            }

            @Override
            public void rejected() {
                rejected.incrementAndGet();
            }
        });
        log.append(record("first", 1, 1));
        writerBlocked.await();
        log.append(record("queued-1", 2, 1));
        log.append(record("queued-2", 3, 1));
        assertThatThrownBy(() -> log.append(record("refused", 4, 1)))
                .isInstanceOf(LogOverloadedException.class)
                .hasMessage("prediction log write queue is full (2 records); retry later");
        assertThat(rejected.get()).isEqualTo(1);
        assertThat(log.queueDepth()).isEqualTo(2);
        release.countDown();
        Await.until("queue drained", Duration.ofSeconds(10), () -> log.queueDepth() == 0);
        assertThat(join(log.find("queued-2"))).isPresent();
        assertThat(join(log.find("refused"))).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void syncCommitAnswersOnlyOnceTheDecisionIsOnDisk() throws SQLException {
        JdbcPredictionLog log = open(settings(CommitMode.SYNC, 100), LedgerListener.NONE);
        for (int i = 0; i < 20; i++) {
            join(log.append(record("p" + i, i, 1)));
            assertThat(countRowsDirectly()).isEqualTo(i + 1);
        }
    }

    @Test
    void acknowledgedDecisionsAreRetriedUntilTheStoreAcceptsThem() throws SQLException {
        AtomicInteger failures = new AtomicInteger();
        JdbcPredictionLog log = open(settings(CommitMode.ASYNC, 100), new LedgerListener() {
            @Override
            public void writeFailed(int commands) {
                failures.addAndGet(commands);
            }
        });
        execute("ALTER TABLE predictions RENAME TO predictions_away");
        log.append(record("kept", 1, 1));
        Await.until("a failed write", Duration.ofSeconds(10), () -> failures.get() > 0 && log.failing());
        execute("ALTER TABLE predictions_away RENAME TO predictions");
        Await.until("the retry to succeed", Duration.ofSeconds(20), () -> !log.failing());
        assertThat(join(log.find("kept"))).isPresent();
    }

    @Test
    void outcomeIsRefusedNotLostWhenTheStoreFails() {
        JdbcPredictionLog log = open();
        log.append(record("p1", 1, 1));
        join(log.find("p1"));
        execute("ALTER TABLE predictions RENAME TO predictions_away");
        assertThatThrownBy(() -> join(log.label(label("p1", 1, 2))))
                .hasCauseInstanceOf(LogUnavailableException.class)
                .hasMessageContaining("prediction log write failed: ");
        execute("ALTER TABLE predictions_away RENAME TO predictions");
        assertThat(join(log.label(label("p1", 1, 3))).status()).isEqualTo(LabelResult.Status.RECORDED);
    }

    @Test
    void unopenableStoreSaysWhatToSet() {
        LedgerSettings bad = LedgerSettings.defaults("jdbc:nosuchdb://x");
        assertThatThrownBy(() -> JdbcPredictionLog.open(bad, LoanDataGenerator.SCHEMA, LedgerListener.NONE, clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot open prediction log jdbc:nosuchdb://x: ")
                .hasMessageEndingWith(" (set --prediction-log or PREDICTION_LOG)");
    }

    /** Runs a statement on the store behind the log's back. */
    void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(
                        settings(CommitMode.ASYNC, 1).jdbcUrl());
                Statement statement = connection.createStatement()) {
            if (store.startsWith("jdbc:postgresql:")) {
                statement.execute("SET lock_timeout = '10s'");
            } else {
                statement.execute("PRAGMA busy_timeout=10000");
            }
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private long countRowsDirectly() throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                        settings(CommitMode.ASYNC, 1).jdbcUrl());
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM predictions")) {
            row.next();
            return row.getLong(1);
        }
    }
}
