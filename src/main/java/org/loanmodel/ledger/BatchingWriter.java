package org.loanmodel.ledger;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction log in front of a {@link PredictionStore}: callers enqueue commands, and one
 * writer thread takes up to {@code batchSize} of them at a time, waiting up to {@code linger} for
 * more to join.
 *
 * <p>A batch's appends are inserted first, in one store call, then its labels (consecutive ones in
 * one call), finds and sweeps in arrival order; an outcome therefore always finds a decision queued
 * before it. When the insert fails, every command of the batch that a caller waits for fails at
 * once, and acknowledged decisions ({@link CommitMode#ASYNC}) are retried with backoff until they
 * are stored, which fills the queue and turns new appends away ({@link LogOverloadedException})
 * rather than losing anything silently. Every failure is logged and reported to the {@link
 * LedgerListener}.
 */
public final class BatchingWriter implements PredictionLog {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingWriter.class);
    private static final CompletableFuture<Void> STORED = CompletableFuture.completedFuture(null);
    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final int SHUTDOWN_ATTEMPTS = 5;

    private final PredictionStore store;
    private final LedgerSettings settings;
    private final LedgerListener listener;
    private final Clock clock;
    private final BlockingQueue<Command> queue;
    private final AtomicLong rows = new AtomicLong();
    private final Thread writer;

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
            failing = true;
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
        enqueueOrReject(command);
        return command.stored();
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
    public LogBacklog backlog() {
        return new LogBacklog(queue.size(), settings.queueCapacity(), failing, rows.get());
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
        store.close();
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
            write(batch);
            batch.clear();
            sweepIfDue();
        }
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
            try {
                insert(appends);
            } catch (StoreException e) {
                failed(batch.size(), 1, e);
                // The others may be about decisions that are not stored: they would not find them.
                LogUnavailableException failure = unavailable(e);
                others.forEach(command -> fail(command, failure));
                // Acknowledged appends (ASYNC) are complete already and stay to be retried.
                appends.removeIf(append -> append.stored().completeExceptionally(failure));
                retryAcknowledged(appends);
                return;
            }
        }
        runInOrder(others);
    }

    private void insert(List<Append> appends) throws StoreException {
        List<PredictionRecord> records = new ArrayList<>(appends.size());
        appends.forEach(append -> records.add(append.record()));
        long start = System.nanoTime();
        long inserted = call(() -> store.insert(records));
        rows.addAndGet(inserted);
        committed(appends.size(), start);
        for (Append append : appends) {
            if (append.stored() != STORED) {
                append.stored().complete(null);
            }
        }
    }

    /** Keeps inserting acknowledged decisions until the store takes them or shutdown gives up. */
    private void retryAcknowledged(List<Append> appends) {
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int attempt = 2; !appends.isEmpty(); attempt++) {
            if (closing && attempt > SHUTDOWN_ATTEMPTS) {
                LOG.error("giving up at shutdown: {} acknowledged predictions were not stored", appends.size());
                return;
            }
            sleep(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            try {
                insert(appends);
                return;
            } catch (StoreException e) {
                failed(appends.size(), attempt, e);
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
            if (command instanceof Find find) {
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
        List<LabelRequest> requests = new ArrayList<>(labels.size());
        labels.forEach(label -> requests.add(label.request()));
        long start = System.nanoTime();
        try {
            List<LabelResult> results = call(() -> store.label(requests));
            committed(0, start);
            for (int i = 0; i < labels.size(); i++) {
                labels.get(i).result().complete(results.get(i));
            }
        } catch (StoreException e) {
            failed(labels.size(), 1, e);
            LogUnavailableException failure = unavailable(e);
            labels.forEach(label -> label.result().completeExceptionally(failure));
        }
    }

    private void runFind(Find find) {
        long start = System.nanoTime();
        try {
            Optional<StoredPrediction> found = call(() -> store.find(find.predictionId()));
            committed(0, start);
            find.result().complete(found);
        } catch (StoreException e) {
            failed(1, 1, e);
            find.result().completeExceptionally(unavailable(e));
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
            failed(1, 1, e);
            sweep.deleted().completeExceptionally(unavailable(e));
        }
    }

    private void sweepIfDue() {
        long now = clock.millis();
        if (now < nextSweepMillis) {
            return;
        }
        nextSweepMillis = now + settings.sweepInterval().toMillis();
        runSweep(new Sweep(new CompletableFuture<>()));
    }

    /** A store call; whatever it throws counts as a failed, rolled-back call. */
    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws StoreException;
    }

    private static <T> T call(StoreCall<T> call) throws StoreException {
        try {
            return call.run();
        } catch (RuntimeException | AssertionError e) {
            throw new StoreException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private void committed(int appended, long startNanos) {
        failing = false;
        listener.committed(appended, (System.nanoTime() - startNanos) / 1e9);
    }

    private void failed(int commands, int attempt, StoreException e) {
        failing = true;
        listener.writeFailed(commands);
        LOG.error("prediction log write of {} commands failed (attempt {}): {}", commands, attempt, e.getMessage());
    }

    private static LogUnavailableException unavailable(StoreException e) {
        return new LogUnavailableException("prediction log write failed: " + e.getMessage(), e);
    }

    private static void fail(Command command, LogUnavailableException failure) {
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

    private void report(String reason, long deleted) {
        if (deleted > 0) {
            listener.deleted(reason, deleted);
            LOG.info("retention ({}) deleted {} predictions", reason, deleted);
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
