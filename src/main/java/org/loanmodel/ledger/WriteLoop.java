package org.loanmodel.ledger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.loanmodel.ledger.WriterCommand.Append;
import org.loanmodel.ledger.WriterCommand.Find;
import org.loanmodel.ledger.WriterCommand.Label;
import org.loanmodel.ledger.WriterCommand.Sweep;
import org.loanmodel.ledger.WriterCommand.Words;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@link BatchingWriter}'s one thread does: takes batches from the queue and writes them
 * while the store works; while it fails, holds the acknowledged decisions, refuses the rest and
 * retries; settles commits of unknown fate; runs retention; and on close writes what was accepted
 * or, at the end of the shutdown grace, reports what was not.
 */
final class WriteLoop implements Runnable {
    /** Under the writer's name, as operators know the prediction log's lines. */
    private static final Logger LOG = LoggerFactory.getLogger(BatchingWriter.class);

    private static final long SETTLE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long IDLE_POLL_MILLIS = 100;

    private final GuardedStore store;
    private final LedgerSettings settings;
    private final LedgerListener listener;
    private final Clock clock;
    private final WriterQueue queue;
    private final WriterHealth health;
    private final AtomicLong rows;
    private final HeldDecisions held;
    private final UnsettledCommits unsettled = new UnsettledCommits();

    private volatile boolean closing;
    private volatile long closeDeadlineNanos;
    private long nextSettleNanos;
    private long nextSweepMillis;

    WriteLoop(
            GuardedStore store,
            LedgerSettings settings,
            LedgerListener listener,
            Clock clock,
            WriterQueue queue,
            WriterHealth health,
            AtomicLong rows,
            HeldDecisions held) {
        this.store = store;
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
        this.queue = queue;
        this.health = health;
        this.rows = rows;
        this.held = held;
        this.nextSweepMillis = clock.millis() + settings.sweepInterval().toMillis();
    }

    /** The commands being written; a field so that {@link #failWaiting} can answer them. */
    private final List<WriterCommand> batch = new ArrayList<>();

    /** Asks the loop to finish: write what was accepted, by {@code deadlineNanos} ({@link System#nanoTime()}). */
    void closeBy(long deadlineNanos) {
        closeDeadlineNanos = deadlineNanos;
        closing = true;
    }

    /**
     * Answers every caller still waiting, the batch being written and everything queued, with
     * {@code failure}: the loop ended on an error and will take nothing more. Called on the
     * writer's thread once {@link #run()} has thrown.
     *
     * @return the decisions already acknowledged ({@link CommitMode#ASYNC}) that will not be stored
     */
    long failWaiting(LogUnavailableException failure) {
        List<WriterCommand> waiting = new ArrayList<>(batch);
        batch.clear();
        queue.drainAll(waiting);
        long lost = held.count();
        for (WriterCommand command : waiting) {
            if (command instanceof Append append && append.acknowledged()) {
                lost += append.records().size();
            }
            command.fail(failure);
        }
        return lost;
    }

    @Override
    public void run() {
        try {
            while (!finished()) {
                if (health.failing()) {
                    recoverOrWait();
                    continue;
                }
                WriterCommand first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    lingerForMore(first.weight());
                    queue.drainTo(batch, settings.batchSize() - first.weight());
                    write(batch);
                    batch.clear();
                }
                settleIfDue();
                sweepIfDue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error(
                    "prediction log writer interrupted; {} queued and {} acknowledged decisions not written",
                    queue.weight(),
                    held.count());
        }
    }

    /** Whether the writer is done: closing and everything written, or the shutdown grace is over. */
    private boolean finished() {
        if (!closing) {
            return false;
        }
        if (queue.isEmpty() && held.isEmpty() && unsettled.isEmpty()) {
            LOG.info("prediction log flushed and closed ({} rows kept)", rows.get());
            return true;
        }
        if (System.nanoTime() - closeDeadlineNanos >= 0) {
            setAsideQueued();
            long notStored = new ShutdownReport(settings.shutdownGrace(), health.failing())
                    .give(held.records(), store::stored, unsettled);
            listener.abandoned(notStored);
            return true;
        }
        return false;
    }

    /**
     * Gives more commands the chance to join this batch, unless a full batch is already taken or
     * waiting or the log is closing. Parking once is enough: the wait is short and bounded.
     */
    private void lingerForMore(int taken) {
        long nanos = settings.linger().toNanos();
        if (nanos > 0 && !closing && taken + queue.weight() < settings.batchSize()) {
            LockSupport.parkNanos(nanos);
        }
    }

    private void write(List<WriterCommand> batch) {
        List<Append> appends = new ArrayList<>(batch.size());
        List<WriterCommand> others = new ArrayList<>();
        for (WriterCommand command : batch) {
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
        List<PredictionRecord> records = new ArrayList<>();
        appends.forEach(append -> records.addAll(append.records()));
        long start = System.nanoTime();
        try {
            rows.addAndGet(store.insert(records));
            store.committed(records.size(), start);
            appends.forEach(append -> append.stored().complete(null));
        } catch (StoreException e) {
            store.failed("write of " + records.size() + " decisions", records.size(), e);
            LogUnavailableException failure = new LogUnavailableException(
                    e.commitUnknown() ? BatchingWriter.DECISION_UNCERTAIN : BatchingWriter.WRITE_FAILED, e);
            List<String> answered = new ArrayList<>();
            for (Append append : appends) {
                if (append.acknowledged()) {
                    append.records().forEach(held::hold);
                } else {
                    append.records()
                            .forEach(record -> answered.add(record.decision().predictionId()));
                    append.fail(failure);
                }
            }
            if (e.commitUnknown() && !answered.isEmpty()) {
                unsettled.decisions(e, answered);
            }
        }
    }

    /** Runs labels, finds and sweeps in arrival order; consecutive labels share one store call. */
    private void runInOrder(List<WriterCommand> commands) {
        List<Label> labels = new ArrayList<>();
        for (WriterCommand command : commands) {
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
            } else if (command instanceof Words words) {
                runWords(words);
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
            List<LabelResult> results = store.label(requests);
            store.committed(0, start);
            for (int i = 0; i < labels.size(); i++) {
                labels.get(i).result().complete(results.get(i));
            }
        } catch (StoreException e) {
            store.failed("write of " + labels.size() + " outcomes", labels.size(), e);
            if (e.commitUnknown()) {
                answerUncertain(labels, e);
            } else {
                labels.forEach(label -> label.fail(new LogUnavailableException(BatchingWriter.WRITE_FAILED, e)));
            }
        }
    }

    /** Answers outcomes whose commit is unknown, and keeps them to settle once it is known. */
    private void answerUncertain(List<Label> labels, StoreException e) {
        List<CompletableFuture<Optional<LabelResult>>> eventually = new ArrayList<>();
        for (Label label : labels) {
            CompletableFuture<Optional<LabelResult>> settled = new CompletableFuture<>();
            eventually.add(settled);
            label.fail(new UncertainLabelException(BatchingWriter.OUTCOME_UNCERTAIN, e, settled));
        }
        unsettled.outcomes(e, eventually);
    }

    private void runFind(Find find) {
        long start = System.nanoTime();
        try {
            Optional<StoredPrediction> found = store.find(find.predictionId());
            store.committed(0, start);
            find.result().complete(found);
        } catch (StoreException e) {
            if (e.valuesRefused()) {
                // No stored id holds a value the database cannot even read: none is found, and
                // the log, which works, neither backs off nor counts a failure.
                find.result().complete(Optional.empty());
                return;
            }
            store.failed("read", 1, e);
            find.fail(new LogUnavailableException(BatchingWriter.WRITE_FAILED, e));
        }
    }

    private void runWords(Words words) {
        long start = System.nanoTime();
        try {
            store.recordWords(words.modelVersion(), words.words());
            store.committed(0, start);
            words.recorded().complete(null);
        } catch (StoreException e) {
            store.failed("record of the reason words of model " + words.modelVersion(), 1, e);
            words.fail(new LogUnavailableException(BatchingWriter.WRITE_FAILED, e));
        }
    }

    private void runSweep(Sweep sweep) {
        long start = System.nanoTime();
        long cutoff = clock.millis() - settings.maxAge().toMillis();
        try {
            PredictionStore.Deleted deleted = store.deleteExpired(cutoff, settings.maxRows());
            rows.set(deleted.rowsKept());
            store.committed(0, start);
            report("max_age", deleted.byAge());
            report("max_rows", deleted.byRows());
            sweep.deleted().complete(deleted.byAge() + deleted.byRows());
        } catch (StoreException e) {
            store.failed("retention sweep", 1, e);
            sweep.fail(new LogUnavailableException(BatchingWriter.WRITE_FAILED, e));
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

    /** While failing: sets aside what reaches the queue, then retries once the backoff is over. */
    private void recoverOrWait() throws InterruptedException {
        long wait = store.nanosUntilAttempt();
        if (closing) {
            wait = Math.min(wait, closeDeadlineNanos - System.nanoTime());
        }
        if (wait > 0) {
            WriterCommand straggler = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (straggler != null) {
                setAside(straggler);
            }
            return;
        }
        setAsideQueued();
        settleUnsettled();
        try {
            if (held.isEmpty()) {
                store.probe();
            } else {
                held.store(store, settings.batchSize(), rows, this::refusedForGood);
            }
        } catch (StoreException e) {
            String what = held.isEmpty() ? "probe" : "retry of " + held.count() + " acknowledged decisions";
            store.failed(what, held.isEmpty() ? 1 : held.count(), e);
            return;
        }
        store.recovered();
    }

    /**
     * An acknowledged decision whose values the database refuses: when the store still takes an
     * ordinary row, no retry would store this one, and holding it would keep the log failing for
     * every decision after it, so it is let go. When the store refuses ordinary rows too (a
     * constraint on every row, say), the fault is the store's: the decision stays held.
     */
    private boolean refusedForGood(PredictionRecord record, StoreException why) throws StoreException {
        if (!store.takesOrdinaryRows()) {
            return false;
        }
        listener.refused(1);
        LOG.error(
                "prediction log cannot store decision {}, the database refuses its values ({}); it is not stored",
                record.decision().predictionId(),
                why.getMessage());
        return true;
    }

    /** Moves what the queue holds aside: acknowledged decisions are held, the rest refused. */
    private void setAsideQueued() {
        List<WriterCommand> queued = new ArrayList<>();
        queue.drainAll(queued);
        queued.forEach(this::setAside);
    }

    private void setAside(WriterCommand command) {
        if (command instanceof Append append && append.acknowledged()) {
            append.records().forEach(held::hold);
        } else {
            refuse(command);
        }
    }

    private void refuse(WriterCommand command) {
        command.fail(
                LogUnavailableException.refused(health.failing() ? WriterHealth.CANNOT_WRITE : BatchingWriter.CLOSED));
    }

    private void settleIfDue() {
        if (!unsettled.isEmpty() && !health.failing() && System.nanoTime() - nextSettleNanos >= 0) {
            settleUnsettled();
            nextSettleNanos = System.nanoTime() + SETTLE_INTERVAL_NANOS;
        }
    }

    private void settleUnsettled() {
        unsettled.settle(store::fate, store::forget);
    }

    private void report(String reason, long deleted) {
        if (deleted > 0) {
            listener.deleted(reason, deleted);
            LOG.info("retention ({}) deleted {} predictions", reason, deleted);
        }
    }
}
