package org.loanmodel.ledger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction log in front of a {@link PredictionStore}: callers enqueue commands, and one
 * writer thread takes up to {@code batchSize} of them at a time, waiting up to {@code linger} for
 * more to join.
 *
 * <p>A batch's appends are inserted first, in one store call, then its labels (consecutive ones in
 * one call), finds and sweeps in arrival order; an outcome therefore always finds a decision queued
 * before it. When a store call fails the log is <em>failing</em>: every caller still waiting is
 * answered with {@link LogUnavailableException}, new commands are refused at once, and the writer
 * retries with backoff: first the acknowledged decisions ({@link CommitMode#ASYNC}) it still holds,
 * else a {@link PredictionStore#probe() probe}, until one succeeds. A commit whose answer was lost
 * is settled through {@link UnsettledCommits}. Every failure is logged in one line and reported to
 * the {@link LedgerListener}; see the package documentation for the guarantees.
 */
public final class BatchingWriter implements PredictionLog {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingWriter.class);
    private static final CompletableFuture<Void> STORED = CompletableFuture.completedFuture(null);
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long SETTLE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long IDLE_POLL_MILLIS = 100;
    /** How much longer than the grace {@link #close()} waits for a store call that hangs. */
    private static final long CLOSE_MARGIN_MILLIS = 2_000;

    static final String WRITE_FAILED = "prediction log write failed; nothing was stored, retry later";
    static final String DECISION_UNCERTAIN =
            "prediction log lost its connection while committing; the decision will not be kept, retry later";
    static final String OUTCOME_UNCERTAIN =
            "prediction log lost its connection while committing; retry later, the outcome counts once";

    private final PredictionStore store;
    private final LedgerSettings settings;
    private final LedgerListener listener;
    private final Clock clock;
    private final BlockingQueue<Command> queue;
    private final AtomicLong rows = new AtomicLong();
    private final WriterHealth health = new WriterHealth();
    private final Thread writer;
    private final AtomicBoolean closeRequested = new AtomicBoolean();

    private volatile boolean closing;
    private volatile long closeDeadlineNanos;
    /** Set if the writer thread died: nothing more can be stored. */
    private volatile Throwable stopped;

    // Used by the writer thread only, but for pendingCount (read by backlog()).
    /** Acknowledged decisions whose insert failed, in arrival order: retried until stored. */
    private final List<PredictionRecord> pending = new ArrayList<>();

    private final AtomicInteger pendingCount = new AtomicInteger();
    private final UnsettledCommits unsettled = new UnsettledCommits();
    private long backoffNanos = FIRST_BACKOFF_NANOS;
    private long nextAttemptNanos;
    private long nextSettleNanos;
    private long nextSweepMillis;

    /** A unit of work for the writer thread. */
    private sealed interface Command permits Append, Label, Find, Sweep {}

    private record Append(PredictionRecord record, CompletableFuture<Void> stored) implements Command {}

    private record Label(LabelRequest request, CompletableFuture<LabelResult> result) implements Command {}

    private record Find(String predictionId, CompletableFuture<Optional<StoredPrediction>> result) implements Command {}

    private record Sweep(CompletableFuture<Long> deleted) implements Command {}

    private BatchingWriter(
            PredictionStore store, LedgerSettings settings, LedgerListener listener, Clock clock, long rowsNow) {
        this.store = store;
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
        this.rows.set(rowsNow);
        this.nextSweepMillis = clock.millis() + settings.sweepInterval().toMillis();
        this.writer = new Thread(this::writeLoop, "prediction-log-writer");
        writer.setDaemon(false);
        writer.setUncaughtExceptionHandler((thread, e) -> {
            stopped = e;
            LOG.error("prediction log writer stopped; {} queued commands will not be written", queue.size(), e);
        });
    }

    /**
     * Starts the writer thread over {@code store}, which it owns from now on and closes on {@link
     * #close()}.
     *
     * @throws StoreException when the store cannot count its rows
     */
    public static BatchingWriter start(
            PredictionStore store, LedgerSettings settings, LedgerListener listener, Clock clock)
            throws StoreException {
        BatchingWriter log = new BatchingWriter(store, settings, listener, clock, store.countRows());
        log.writer.start();
        return log;
    }

    @Override
    public CompletionStage<Void> append(PredictionRecord record) {
        boolean sync = settings.commitMode() == CommitMode.SYNC;
        Append command = new Append(record, sync ? new CompletableFuture<>() : STORED);
        admit(command);
        return command.stored();
    }

    @Override
    public CompletionStage<LabelResult> label(LabelRequest request) {
        Label command = new Label(request, new CompletableFuture<>());
        admit(command);
        return command.result();
    }

    @Override
    public CompletionStage<Optional<StoredPrediction>> find(String predictionId) {
        Find command = new Find(predictionId, new CompletableFuture<>());
        admit(command);
        return command.result();
    }

    @Override
    public CompletionStage<Long> sweep() {
        Sweep command = new Sweep(new CompletableFuture<>());
        admit(command);
        return command.deleted();
    }

    /** Queues a command, or refuses it when the log is closed, failing, stalled or full. */
    private void admit(Command command) {
        if (closing) {
            throw new LogUnavailableException("prediction log is closed", null);
        }
        Throwable dead = stopped;
        if (dead != null) {
            throw new LogUnavailableException("prediction log writer stopped: " + dead, dead);
        }
        String refusal = health.refusal(clock.millis());
        if (refusal != null) {
            throw LogUnavailableException.refused(refusal);
        }
        if (!queue.offer(command)) {
            listener.rejected();
            throw new LogOverloadedException(settings.queueCapacity());
        }
    }

    @Override
    public LogBacklog backlog() {
        return new LogBacklog(
                queue.size() + pendingCount.get(),
                settings.queueCapacity(),
                stopped != null || health.refusal(clock.millis()) != null,
                rows.get());
    }

    /**
     * Stops accepting commands and writes what was accepted. While the store fails, this waits up
     * to the shutdown grace, then reports in one line how many acknowledged decisions were not
     * stored.
     */
    @Override
    public void close() {
        if (!closeRequested.compareAndSet(false, true)) {
            return;
        }
        long graceMillis = settings.shutdownGrace().toMillis();
        closeDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        closing = true;
        try {
            writer.join(graceMillis + CLOSE_MARGIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            // A store call hangs (a connection without timeout): leave the store to it.
            LOG.error(
                    "prediction log writer still busy {} ms after its shutdown grace; {} commands and {} acknowledged"
                            + " decisions not written",
                    CLOSE_MARGIN_MILLIS,
                    queue.size(),
                    pendingCount.get());
            return;
        }
        store.close();
    }

    private void writeLoop() {
        List<Command> batch = new ArrayList<>(settings.batchSize());
        try {
            while (!finished()) {
                if (health.failing()) {
                    recoverOrWait();
                    continue;
                }
                Command first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    lingerForMore();
                    queue.drainTo(batch, settings.batchSize() - 1);
                    write(batch);
                    batch.clear();
                }
                settleIfDue();
                sweepIfDue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error(
                    "prediction log writer interrupted; {} commands and {} acknowledged decisions not written",
                    queue.size(),
                    pending.size());
        }
    }

    /** Whether the writer is done: closing and everything written, or the shutdown grace is over. */
    private boolean finished() {
        if (!closing) {
            return false;
        }
        if (queue.isEmpty() && pending.isEmpty() && unsettled.isEmpty()) {
            LOG.info("prediction log flushed and closed ({} rows kept)", rows.get());
            return true;
        }
        if (System.nanoTime() - closeDeadlineNanos >= 0) {
            long notStored = new ShutdownReport(settings.shutdownGrace(), health.failing())
                    .give(drainAcknowledged(), this::stored, unsettled);
            listener.abandoned(notStored);
            return true;
        }
        return false;
    }

    /**
     * Gives more commands the chance to join this batch, unless a full batch is already waiting or
     * the log is closing. Parking once is enough: the wait is short and bounded.
     */
    private void lingerForMore() {
        long nanos = settings.linger().toNanos();
        if (nanos > 0 && !closing && queue.size() < settings.batchSize() - 1) {
            LockSupport.parkNanos(nanos);
        }
    }

    private void write(List<Command> batch) {
        List<Append> appends = new ArrayList<>(batch.size());
        List<Command> others = new ArrayList<>();
        for (Command command : batch) {
            if (command instanceof Append append) {
                appends.add(append);
            } else {
                others.add(command);
            }
        }
        if (!appends.isEmpty()) {
            insert(appends);
        }
        runInOrder(others);
    }

    private void insert(List<Append> appends) {
        List<PredictionRecord> records = new ArrayList<>(appends.size());
        appends.forEach(append -> records.add(append.record()));
        long start = System.nanoTime();
        try {
            rows.addAndGet(insertRecords(records));
            committed(appends.size(), start);
            for (Append append : appends) {
                if (append.stored() != STORED) {
                    append.stored().complete(null);
                }
            }
        } catch (StoreException e) {
            failed("write of " + appends.size() + " decisions", appends.size(), e);
            LogUnavailableException failure =
                    new LogUnavailableException(e.commitUnknown() ? DECISION_UNCERTAIN : WRITE_FAILED, e);
            List<String> answered = new ArrayList<>();
            for (Append append : appends) {
                if (append.stored() == STORED) {
                    hold(append.record()); // acknowledged already: retried until stored
                } else {
                    answered.add(append.record().decision().predictionId());
                    append.stored().completeExceptionally(failure);
                }
            }
            if (e.commitUnknown() && !answered.isEmpty()) {
                unsettled.decisions(e, answered);
            }
        }
    }

    /** Runs labels, finds and sweeps in arrival order; consecutive labels share one store call. */
    private void runInOrder(List<Command> commands) {
        List<Label> labels = new ArrayList<>();
        for (Command command : commands) {
            if (command instanceof Label label) {
                labels.add(label);
                continue;
            }
            runLabels(labels);
            labels.clear();
            if (health.failing()) {
                refuse(command);
            } else if (command instanceof Find find) {
                runFind(find);
            } else if (command instanceof Sweep sweep) {
                runSweep(sweep);
            }
        }
        runLabels(labels);
    }

    private void runLabels(List<Label> labels) {
        if (labels.isEmpty()) {
            return;
        }
        if (health.failing()) {
            labels.forEach(this::refuse);
            return;
        }
        List<LabelRequest> requests = new ArrayList<>(labels.size());
        labels.forEach(label -> requests.add(label.request()));
        long start = System.nanoTime();
        try {
            List<LabelResult> results = labelRecords(requests);
            committed(0, start);
            for (int i = 0; i < labels.size(); i++) {
                labels.get(i).result().complete(results.get(i));
            }
        } catch (StoreException e) {
            failed("write of " + labels.size() + " outcomes", labels.size(), e);
            if (!e.commitUnknown()) {
                LogUnavailableException failure = new LogUnavailableException(WRITE_FAILED, e);
                labels.forEach(label -> label.result().completeExceptionally(failure));
                return;
            }
            List<CompletableFuture<Optional<LabelResult>>> eventually = new ArrayList<>();
            for (Label label : labels) {
                CompletableFuture<Optional<LabelResult>> settled = new CompletableFuture<>();
                eventually.add(settled);
                label.result().completeExceptionally(new UncertainLabelException(OUTCOME_UNCERTAIN, e, settled));
            }
            unsettled.outcomes(e, eventually);
        }
    }

    private void runFind(Find find) {
        long start = System.nanoTime();
        try {
            Optional<StoredPrediction> found = call(() -> store.find(find.predictionId()));
            committed(0, start);
            find.result().complete(found);
        } catch (StoreException e) {
            failed("read", 1, e);
            find.result().completeExceptionally(new LogUnavailableException(WRITE_FAILED, e));
        }
    }

    private void runSweep(Sweep sweep) {
        long start = System.nanoTime();
        long cutoff = clock.millis() - settings.maxAge().toMillis();
        try {
            PredictionStore.Deleted deleted = call(() -> store.deleteExpired(cutoff, settings.maxRows()));
            rows.set(deleted.rowsKept());
            committed(0, start);
            report("max_age", deleted.byAge());
            report("max_rows", deleted.byRows());
            sweep.deleted().complete(deleted.byAge() + deleted.byRows());
        } catch (StoreException e) {
            failed("retention sweep", 1, e);
            sweep.deleted().completeExceptionally(new LogUnavailableException(WRITE_FAILED, e));
        }
    }

    private void sweepIfDue() {
        long now = clock.millis();
        if (now < nextSweepMillis || health.failing()) {
            return;
        }
        nextSweepMillis = now + settings.sweepInterval().toMillis();
        runSweep(new Sweep(new CompletableFuture<>()));
    }

    /** While failing: sets aside what reached the queue, then retries once the backoff is over. */
    private void recoverOrWait() throws InterruptedException {
        long wait = nextAttemptNanos - System.nanoTime();
        if (closing) {
            wait = Math.min(wait, closeDeadlineNanos - System.nanoTime());
        }
        if (wait > 0) {
            Command straggler = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (straggler != null) {
                setAside(straggler);
            }
            return;
        }
        drainAcknowledged();
        settleUnsettled();
        try {
            if (pending.isEmpty()) {
                call(() -> {
                    store.probe();
                    return null;
                });
            } else {
                storePending();
            }
        } catch (StoreException e) {
            failed(pending.isEmpty() ? "probe" : "retry of " + pending.size() + " acknowledged decisions", 1, e);
            return;
        }
        WriterHealth.Outage outage = health.recovered();
        backoffNanos = FIRST_BACKOFF_NANOS;
        LOG.info(
                "prediction log writes again after {} s and {} failed attempts",
                String.format(java.util.Locale.ROOT, "%.1f", outage.seconds()),
                outage.failures());
    }

    /** Inserts the held acknowledged decisions, a batch per transaction, oldest first. */
    private void storePending() throws StoreException {
        while (!pending.isEmpty()) {
            List<PredictionRecord> chunk =
                    new ArrayList<>(pending.subList(0, Math.min(settings.batchSize(), pending.size())));
            long start = System.nanoTime();
            insertRecords(chunk);
            // Every one is a new decision: one the insert found stored already was stored by an
            // earlier attempt whose commit answer was lost.
            rows.addAndGet(chunk.size());
            pending.subList(0, chunk.size()).clear();
            pendingCount.set(pending.size());
            committed(chunk.size(), start);
        }
    }

    /** Moves what the queue holds aside: acknowledged decisions are held, the rest refused. */
    private List<PredictionRecord> drainAcknowledged() {
        List<Command> queued = new ArrayList<>();
        queue.drainTo(queued);
        queued.forEach(this::setAside);
        return pending;
    }

    private void setAside(Command command) {
        if (command instanceof Append append && append.stored() == STORED) {
            hold(append.record());
        } else {
            refuse(command);
        }
    }

    private void hold(PredictionRecord record) {
        pending.add(record);
        pendingCount.set(pending.size());
    }

    private void refuse(Command command) {
        LogUnavailableException failure = LogUnavailableException.refused(
                closing && !health.failing() ? "prediction log is closed" : WriterHealth.CANNOT_WRITE);
        if (command instanceof Label label) {
            label.result().completeExceptionally(failure);
        } else if (command instanceof Find find) {
            find.result().completeExceptionally(failure);
        } else if (command instanceof Sweep sweep) {
            sweep.deleted().completeExceptionally(failure);
        } else if (command instanceof Append append) {
            append.stored().completeExceptionally(failure);
        }
    }

    private void settleIfDue() {
        if (!unsettled.isEmpty() && !health.failing() && System.nanoTime() - nextSettleNanos >= 0) {
            settleUnsettled();
            nextSettleNanos = System.nanoTime() + SETTLE_INTERVAL_NANOS;
        }
    }

    private void settleUnsettled() {
        unsettled.settle(this::fate, ids -> call(() -> store.forget(ids)));
    }

    private long insertRecords(List<PredictionRecord> records) throws StoreException {
        try {
            return call(() -> store.insert(records));
        } catch (StoreException e) {
            return (Long) committedAfterAll(e);
        }
    }

    private List<LabelResult> labelRecords(List<LabelRequest> requests) throws StoreException {
        try {
            return call(() -> store.label(requests));
        } catch (StoreException e) {
            committedAfterAll(e);
            return UnsettledCommits.labelResults(e);
        }
    }

    /**
     * For a commit whose answer was lost, asks the database at once: returns the call's result when
     * it committed; otherwise rethrows, as a plain rollback when the database says so.
     */
    private Object committedAfterAll(StoreException e) throws StoreException {
        if (!e.commitUnknown()) {
            throw e;
        }
        PredictionStore.Fate fate = fate(e);
        if (fate == PredictionStore.Fate.COMMITTED) {
            LOG.warn("prediction log connection lost while committing; the database says it committed");
            return e.resultIfCommitted();
        }
        throw fate == PredictionStore.Fate.ROLLED_BACK ? e.rolledBack() : e;
    }

    private PredictionStore.Fate fate(StoreException failure) {
        health.callStarted(clock.millis());
        try {
            return store.fate(failure);
        } catch (RuntimeException e) {
            return PredictionStore.Fate.UNKNOWN;
        } finally {
            health.callFinished();
        }
    }

    private Set<String> stored(List<String> predictionIds) throws StoreException {
        return call(() -> store.stored(predictionIds));
    }

    /** A store call; whatever it throws counts as a failed, rolled-back call. */
    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws StoreException;
    }

    private <T> T call(StoreCall<T> call) throws StoreException {
        health.callStarted(clock.millis());
        try {
            return call.run();
        } catch (RuntimeException | AssertionError e) {
            throw new StoreException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        } finally {
            health.callFinished();
        }
    }

    private void committed(int appended, long startNanos) {
        listener.committed(appended, (System.nanoTime() - startNanos) / 1e9);
    }

    private void failed(String what, int commands, StoreException e) {
        int failures = health.failed();
        listener.writeFailed(commands);
        LOG.error(
                "prediction log {} failed ({} in a row, next attempt in {} ms): {}",
                what,
                failures,
                TimeUnit.NANOSECONDS.toMillis(backoffNanos),
                e.getMessage());
        nextAttemptNanos = System.nanoTime() + backoffNanos;
        backoffNanos = Math.min(backoffNanos * 2, MAX_BACKOFF_NANOS);
    }

    private void report(String reason, long deleted) {
        if (deleted > 0) {
            listener.deleted(reason, deleted);
            LOG.info("retention ({}) deleted {} predictions", reason, deleted);
        }
    }
}
