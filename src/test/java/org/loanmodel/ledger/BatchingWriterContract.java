package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.loanmodel.ledger.LedgerFixtures.START;
import static org.loanmodel.ledger.LedgerFixtures.join;
import static org.loanmodel.ledger.LedgerFixtures.label;
import static org.loanmodel.ledger.LedgerFixtures.record;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.MutableClock;
import org.loanmodel.training.LoanDataGenerator;

/**
 * What the {@link BatchingWriter} does in front of a store: batching, linger, commit modes,
 * overload refusal, retries and shutdown; run over SQLite and a real PostgreSQL ({@link
 * SqlitePredictionLogTest}, {@link PostgresPredictionLogTest}).
 */
abstract class BatchingWriterContract extends StoreUnderTest {
    private final MutableClock clock = new MutableClock(START);
    private final List<PredictionLog> opened = new ArrayList<>();

    @AfterEach
    void closeLogs() {
        opened.forEach(PredictionLog::close);
    }

    private LedgerSettings settings(CommitMode mode, int queue) {
        return settings(mode, queue, 64, LedgerSettings.defaultLinger(mode));
    }

    private LedgerSettings settings(CommitMode mode, int queue, int batch, Duration linger) {
        return new LedgerSettings(store, mode, queue, batch, linger, Duration.ofDays(30), 1_000, Duration.ofDays(365));
    }

    private PredictionLog open(LedgerSettings settings, LedgerListener listener) {
        PredictionLog log = JdbcPredictionLog.open(settings, LoanDataGenerator.SCHEMA, listener, clock);
        opened.add(log);
        return log;
    }

    /** Statements after which the database refuses every inserted decision's values. */
    private String[] refuseEveryRow() {
        if (locationNoun().equals("file")) {
            return new String[] {
                "CREATE TRIGGER refuse_all BEFORE INSERT ON predictions BEGIN SELECT RAISE(ABORT, 'every row refused'); END"
            };
        }
        return new String[] {
            "CREATE FUNCTION refuse_all() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'every row refused'"
                    + " USING ERRCODE = '23514'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_all BEFORE INSERT ON predictions FOR EACH ROW EXECUTE FUNCTION refuse_all()"
        };
    }

    private String[] allowEveryRow() {
        return new String[] {
            locationNoun().equals("file") ? "DROP TRIGGER refuse_all" : "DROP TRIGGER refuse_all ON predictions"
        };
    }

    private PredictionLog open() {
        return open(settings(CommitMode.ASYNC, 100), LedgerListener.NONE);
    }

    /** {@link #open()}, adding every failed write's commands to {@code failures}. */
    private PredictionLog openCountingFailures(AtomicInteger failures) {
        return openCounting(failures, new AtomicInteger());
    }

    /** {@link #openCountingFailures}, also adding the decisions let go unstored to {@code refused}. */
    private PredictionLog openCounting(AtomicInteger failures, AtomicInteger refused) {
        return open(settings(CommitMode.ASYNC, 100), new LedgerListener() {
            @Override
            public void writeFailed(int commands) {
                failures.addAndGet(commands);
            }

            @Override
            public void refused(int decisions) {
                refused.addAndGet(decisions);
            }
        });
    }

    @Test
    void appendedDecisionIsFoundAndCounted() {
        PredictionLog log = open();
        join(log.append(record("p1", 1_000, 1)));
        assertThat(join(log.find("p1")).orElseThrow().createdAtMillis()).isEqualTo(START.toEpochMilli() + 1_000);
        assertThat(join(log.find("p2"))).isEmpty();
        assertThat(log.backlog()).isEqualTo(new LogBacklog(0, 100, false, 1));
    }

    /**
     * PostgreSQL refuses a NUL in a text outright (SQLSTATE 22021); before, that refusal counted as
     * a failure of the log, which backed off and refused the next decisions. No stored id can hold
     * what the database cannot read, so the answer is that there is none.
     */
    @Test
    void lookingUpAnIdTheDatabaseCannotReadFindsNothingAndIsNoFailureOfTheLog() {
        AtomicInteger failures = new AtomicInteger();
        PredictionLog log = openCountingFailures(failures);
        join(log.append(record("p1", 1_000, 1)));

        assertThat(join(log.find("p1\u0000"))).isEmpty();
        assertThat(join(log.find("\u0000"))).isEmpty();

        assertThat(failures.get()).isZero();
        assertThat(log.backlog().failing()).isFalse();
        join(log.append(record("p2", 2_000, 1)));
        assertThat(join(log.find("p2"))).isPresent();
        assertThat(join(log.find("p1"))).isPresent();
    }

    @Test
    void outcomeSentRightAfterItsDecisionFindsIt() {
        PredictionLog log = open();
        List<CompletableFuture<LabelResult>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            log.append(record("p" + i, i, i % 2));
            results.add(log.label(label("p" + i, 1, 100 + i)).toCompletableFuture());
        }
        assertThat(results).allSatisfy(r -> assertThat(r.join().status()).isEqualTo(LabelResult.Status.RECORDED));
    }

    @Test
    void replicasSharingOneStoreJoinAndCountOnce() throws Exception {
        PredictionLog a = open();
        PredictionLog b = open();
        join(a.append(record("shared", 1, 1)));
        join(a.find("shared"));
        assertThat(join(b.find("shared"))).isPresent();

        CompletableFuture<LabelResult> fromA = a.label(label("shared", 1, 10)).toCompletableFuture();
        CompletableFuture<LabelResult> fromB = b.label(label("shared", 1, 11)).toCompletableFuture();
        assertThat(List.of(fromA.get().status(), fromB.get().status()))
                .containsExactlyInAnyOrder(LabelResult.Status.RECORDED, LabelResult.Status.DUPLICATE);
    }

    @Test
    void decisionsSurviveARestart() {
        PredictionLog before = open();
        for (int i = 0; i < 10; i++) {
            before.append(record("p" + i, i, 1));
        }
        before.close();
        PredictionLog after = open();
        assertThat(after.rows()).isEqualTo(10);
        assertThat(join(after.label(label("p7", 1, 50))).status()).isEqualTo(LabelResult.Status.RECORDED);
    }

    @Test
    void rowCountStaysExactWhenLargeBatchesRepeatStoredIds() {
        PredictionLog first = open();
        for (int i = 0; i < 100; i++) {
            first.append(record("p" + i, i, 1));
        }
        first.close();
        // A long linger gathers the next 150 appends into one transaction: two 64-row statements
        // and 22 single rows, 50 of them with ids already stored.
        PredictionLog second =
                open(settings(CommitMode.ASYNC, 1_000, 1_000, Duration.ofMillis(500)), LedgerListener.NONE);
        for (int i = 50; i < 200; i++) {
            second.append(record("p" + i, i, 0));
        }
        second.close();
        assertThat(second.rows()).isEqualTo(200);
        assertThat(countRowsDirectly()).isEqualTo(200);
    }

    @Test
    void closeWritesEverythingAlreadyAccepted() {
        PredictionLog log = open(settings(CommitMode.ASYNC, 20_000), LedgerListener.NONE);
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
    void retentionDeletesDecisionsOlderThanMaxAgeAndRecountsRows() {
        AtomicLong deletedByAge = new AtomicLong();
        PredictionLog log = open(settings(CommitMode.ASYNC, 100), new LedgerListener() {
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
        PredictionLog log = open(
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
        PredictionLog log = open(settings(CommitMode.ASYNC, 100, 64, Duration.ofMillis(500)), new LedgerListener() {
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
        PredictionLog log = open(settings(CommitMode.ASYNC, 2), new LedgerListener() {
            @Override
            public void committed(int records, double seconds) {
                writerBlocked.countDown();
                await(release);
            }

            @Override
            public void rejected(int decisions) {
                rejected.addAndGet(decisions);
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
        assertThat(log.backlog()).isEqualTo(new LogBacklog(2, 2, false, 1));
        assertThat(log.backlog().queueOver(0.9)).isTrue();
        release.countDown();
        Await.until("queue drained", Duration.ofSeconds(10), () -> log.backlog().queueDepth() == 0);
        assertThat(join(log.find("queued-2"))).isPresent();
        assertThat(join(log.find("refused"))).isEmpty();
    }

    @Test
    void batchThatDoesNotFitIsRefusedWholeAndOneThatFitsIsAdmittedWhole() throws Exception {
        CountDownLatch writerBlocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger rejected = new AtomicInteger();
        List<Integer> transactions = new CopyOnWriteArrayList<>();
        PredictionLog log = open(settings(CommitMode.ASYNC, 5), new LedgerListener() {
            @Override
            public void committed(int records, double seconds) {
                transactions.add(records);
                writerBlocked.countDown();
                await(release);
            }

            @Override
            public void rejected(int decisions) {
                rejected.addAndGet(decisions);
            }
        });
        log.append(record("first", 1, 1));
        writerBlocked.await();
        log.appendAll(List.of(record("a1", 2, 1), record("a2", 2, 0), record("a3", 2, 1)));
        assertThatThrownBy(() -> log.appendAll(List.of(record("b1", 3, 1), record("b2", 3, 1), record("b3", 3, 1))))
                .isInstanceOf(LogOverloadedException.class)
                .hasMessage("prediction log write queue is full (5 records); retry later");
        assertThat(rejected.get()).isEqualTo(3);
        assertThat(log.backlog()).isEqualTo(new LogBacklog(3, 5, false, 1));
        log.appendAll(List.of(record("c1", 4, 1), record("c2", 4, 1)));
        release.countDown();
        Await.until("queue drained", Duration.ofSeconds(10), () -> log.backlog().queueDepth() == 0);
        assertThat(query("SELECT prediction_id FROM predictions ORDER BY prediction_id"))
                .containsExactly("a1", "a2", "a3", "c1", "c2", "first");
        assertThat(transactions).containsExactly(1, 5);
    }

    @Test
    void asyncBatchQueuedBehindAFullTransactionIsAnsweredOnlyOnceCommitted() throws Exception {
        CountDownLatch writerBlocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PredictionLog log = open(settings(CommitMode.ASYNC, 100, 4, Duration.ZERO), new LedgerListener() {
            @Override
            public void committed(int records, double seconds) {
                writerBlocked.countDown();
                await(release);
            }
        });
        log.append(record("first", 1, 1));
        writerBlocked.await();
        CompletableFuture<Void> ahead = log.appendAll(
                        List.of(record("a1", 2, 1), record("a2", 2, 1), record("a3", 2, 1), record("a4", 2, 1)))
                .toCompletableFuture();
        CompletableFuture<Void> behind =
                log.appendAll(List.of(record("b1", 3, 1))).toCompletableFuture();
        CompletableFuture<Void> single = log.append(record("s1", 4, 1)).toCompletableFuture();
        assertThat(ahead).isDone();
        assertThat(single).isDone();
        assertThat(behind).isNotDone();
        release.countDown();
        join(behind);
        assertThat(join(log.find("b1"))).isPresent();
    }

    @Test
    void emptyBatchCompletesAtOnceAndTheWriterGoesOn() {
        // Sync: an empty batch that reached the writer would only complete once written.
        PredictionLog log = open(settings(CommitMode.SYNC, 100), LedgerListener.NONE);
        assertThat(log.appendAll(List.of()).toCompletableFuture()).isCompletedWithValue(null);
        assertThat(log.backlog().queueDepth()).isZero();
        join(log.append(record("after-empty", 1, 1)));
        assertThat(log.failing()).isFalse();
        assertThat(join(log.find("after-empty"))).isPresent();
    }

    @Test
    void batchLargerThanATransactionIsWrittenWholeInOne() {
        List<Integer> transactions = new CopyOnWriteArrayList<>();
        PredictionLog log = open(settings(CommitMode.SYNC, 1_000, 64, Duration.ZERO), new LedgerListener() {
            @Override
            public void committed(int records, double seconds) {
                transactions.add(records);
            }
        });
        List<PredictionRecord> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(record("p" + i, i, i % 2));
        }
        join(log.appendAll(batch));
        assertThat(transactions).containsExactly(200);
        assertThat(countRowsDirectly()).isEqualTo(200);
    }

    @Test
    void syncBatchCaughtInAFailedWriteIsRefusedWhole() {
        PredictionLog log = open(settings(CommitMode.SYNC, 100), LedgerListener.NONE);
        execute("ALTER TABLE predictions RENAME TO predictions_away");
        assertThatThrownBy(() -> join(log.appendAll(List.of(record("r1", 1, 1), record("r2", 1, 0)))))
                .hasCauseInstanceOf(LogUnavailableException.class)
                .cause()
                .hasMessage("prediction log write failed; nothing was stored, retry later");
        execute("ALTER TABLE predictions_away RENAME TO predictions");
        awaitRecovery(log);
        assertThat(countRowsDirectly()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void syncCommitAnswersOnlyOnceTheDecisionIsOnDisk() {
        PredictionLog log = open(settings(CommitMode.SYNC, 100), LedgerListener.NONE);
        for (int i = 0; i < 20; i++) {
            join(log.append(record("p" + i, i, 1)));
            assertThat(countRowsDirectly()).isEqualTo(i + 1);
        }
    }

    @Test
    void acknowledgedDecisionsAreRetriedUntilTheStoreAcceptsThem() {
        AtomicInteger failures = new AtomicInteger();
        PredictionLog log = openCountingFailures(failures);
        execute("ALTER TABLE predictions RENAME TO predictions_away");
        log.append(record("kept", 1, 1));
        Await.until(
                "a failed write",
                Duration.ofSeconds(10),
                () -> failures.get() > 0 && log.backlog().failing());
        execute("ALTER TABLE predictions_away RENAME TO predictions");
        Await.until(
                "the retry to succeed",
                Duration.ofSeconds(20),
                () -> !log.backlog().failing());
        assertThat(join(log.find("kept"))).isPresent();
        assertThat(log.rows()).isEqualTo(1);
    }

    /**
     * The poison trigger refuses one decision's values (a constraint in SQLite, SQLSTATE 22023 in
     * PostgreSQL) on every try. Held and retried, it kept the log failing, refusing every decision
     * after it, until a restart lost it anyway; now it alone is let go, counted and logged.
     */
    @Test
    void anAcknowledgedDecisionWhoseValuesTheDatabaseRefusesIsLetGoAndTheOthersAreStored() {
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        PredictionLog log = openCounting(failures, refused);
        execute(poisonTrigger().toArray(String[]::new));

        join(log.appendAll(List.of(record("a", 1, 1), record("poison", 2, 0), record("b", 3, 1))));
        Await.until(
                "the refused decision to be let go",
                Duration.ofSeconds(20),
                () -> refused.get() == 1 && !log.backlog().failing());

        assertThat(failures.get()).as("the first write, of all three").isEqualTo(3);
        assertThat(join(log.find("a"))).isPresent();
        assertThat(join(log.find("b"))).isPresent();
        assertThat(join(log.find("poison"))).isEmpty();
        assertThat(log.rows()).isEqualTo(2);
        join(log.append(record("c", 4, 1)));
        assertThat(join(log.find("c"))).isPresent();
        assertThat(refused.get()).isEqualTo(1);
    }

    /**
     * A constraint that refuses every row is the store's fault, not one decision's: the writer
     * finds that a copy of a decision it stored before is refused as well, keeps everything held,
     * and stores it once the constraint is gone.
     */
    @Test
    void whenTheDatabaseRefusesEveryRowTheDecisionsStayHeldUntilItTakesThemAgain() {
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        PredictionLog log = openCounting(failures, refused);
        join(log.append(record("before", 1, 1)));
        join(log.find("before"));
        execute(refuseEveryRow());

        join(log.appendAll(List.of(record("x1", 2, 1), record("x2", 3, 0))));
        // The first write (2 decisions), then retries of the held 2 that the split tells apart.
        Await.until("two retries to fail", Duration.ofSeconds(20), () -> failures.get() >= 6);
        assertThat(log.backlog().failing()).isTrue();
        execute(allowEveryRow());
        awaitRecovery(log);

        assertThat(refused.get()).isZero();
        assertThat(join(log.find("x1"))).isPresent();
        assertThat(join(log.find("x2"))).isPresent();
        assertThat(log.rows()).isEqualTo(3);
    }

    @Test
    void syncDecisionCaughtInAFailedWriteIsRefusedNotRetried() {
        PredictionLog log = open(settings(CommitMode.SYNC, 100), LedgerListener.NONE);
        execute("ALTER TABLE predictions RENAME TO predictions_away");
        assertThatThrownBy(() -> join(log.append(record("refused", 1, 1))))
                .hasCauseInstanceOf(LogUnavailableException.class)
                .cause()
                .hasMessage("prediction log write failed; nothing was stored, retry later");
        execute("ALTER TABLE predictions_away RENAME TO predictions");
        awaitRecovery(log);
        join(log.append(record("stored", 2, 1)));
        assertThat(query("SELECT prediction_id FROM predictions")).containsExactly("stored");
    }

    @Test
    void outcomeIsRefusedNotLostWhenTheStoreFails() {
        PredictionLog log = open();
        log.append(record("p1", 1, 1));
        join(log.find("p1"));
        execute("ALTER TABLE predictions RENAME TO predictions_away");
        assertThatThrownBy(() -> join(log.label(label("p1", 1, 2))))
                .hasCauseInstanceOf(LogUnavailableException.class)
                .cause()
                .hasMessage("prediction log write failed; nothing was stored, retry later");
        assertThat(log.backlog().failing()).isTrue();
        assertThatThrownBy(() -> log.label(label("p1", 1, 3)))
                .isInstanceOf(LogUnavailableException.class)
                .hasMessage("prediction log cannot write; nothing was stored, retry later");
        execute("ALTER TABLE predictions_away RENAME TO predictions");
        // Nothing is sent: the writer finds out by itself that the store works again.
        awaitRecovery(log);
        assertThat(join(log.label(label("p1", 1, 4))).status()).isEqualTo(LabelResult.Status.RECORDED);
    }

    @Test
    void whileTheStoreFailsNewDecisionsAreRefusedAsUnavailableNotAcknowledged() {
        AtomicInteger rejectedAsFull = new AtomicInteger();
        PredictionLog log = open(settings(CommitMode.ASYNC, 100), new LedgerListener() {
            @Override
            public void rejected(int decisions) {
                rejectedAsFull.addAndGet(decisions);
            }
        });
        execute("ALTER TABLE predictions RENAME TO predictions_away");
        join(log.append(record("acknowledged", 1, 1)));
        Await.until(
                "the log to fail", Duration.ofSeconds(10), () -> log.backlog().failing());
        for (int i = 0; i < 200; i++) {
            PredictionRecord refused = record("refused-" + i, 2, 1);
            assertThatThrownBy(() -> log.append(refused))
                    .isInstanceOf(LogUnavailableException.class)
                    .hasMessage("prediction log cannot write; nothing was stored, retry later");
        }
        assertThat(rejectedAsFull.get()).isZero();
        assertThat(log.backlog().queueDepth()).isEqualTo(1);
        execute("ALTER TABLE predictions_away RENAME TO predictions");
        awaitRecovery(log);
        assertThat(query("SELECT prediction_id FROM predictions")).containsExactly("acknowledged");
        assertThat(log.backlog()).isEqualTo(new LogBacklog(0, 100, false, 1));
    }

    @Test
    void aStoreCallThatHangsRefusesNewWorkUntilItReturns() throws SQLException {
        PredictionLog log = open(settings(CommitMode.ASYNC, 100, 64, Duration.ZERO), LedgerListener.NONE);
        WriteLock lock = lockWrites();
        try {
            log.append(record("blocked", 1, 1));
            // Once the insert has waited for the lock over a second, the log counts as failing.
            Await.until(
                    "the write to count as stalled",
                    Duration.ofSeconds(10),
                    () -> log.backlog().failing());
            assertThatThrownBy(() -> log.append(record("refused", 2, 1)))
                    .isInstanceOf(LogUnavailableException.class)
                    .hasMessage("prediction log write has not finished for over 1 s; nothing was stored, retry later");
        } finally {
            lock.release();
        }
        Await.until(
                "the write to finish",
                Duration.ofSeconds(10),
                () -> !log.backlog().failing());
        join(log.append(record("after", 3, 1)));
        assertThat(join(log.find("after"))).isPresent();
        assertThat(query("SELECT prediction_id FROM predictions ORDER BY prediction_id"))
                .containsExactly("after", "blocked");
    }

    @Test
    void closeWhileTheStoreFailsEndsAfterTheGraceAndCountsWhatWasNotStored() {
        AtomicLong abandoned = new AtomicLong(-1);
        PredictionLog log = JdbcPredictionLog.open(
                settings(CommitMode.ASYNC, 100).withShutdownGrace(Duration.ofMillis(300)),
                LoanDataGenerator.SCHEMA,
                new LedgerListener() {
                    @Override
                    public void abandoned(long decisions) {
                        abandoned.set(decisions);
                    }
                },
                clock);
        execute("ALTER TABLE predictions RENAME TO predictions_away");
        join(log.append(record("lost", 1, 1)));
        Await.until(
                "the log to fail", Duration.ofSeconds(10), () -> log.backlog().failing());
        log.close();
        assertThat(abandoned.get()).isEqualTo(1);
        execute("ALTER TABLE predictions_away RENAME TO predictions");
        assertThat(countRowsDirectly()).isZero();
    }

    private static void awaitRecovery(PredictionLog log) {
        Await.until(
                "the log to recover",
                Duration.ofSeconds(20),
                () -> !log.backlog().failing());
    }
}
