package org.loanmodel.ledger;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.loanmodel.ledger.WriterCommand.Append;
import org.loanmodel.ledger.WriterCommand.Find;
import org.loanmodel.ledger.WriterCommand.Label;
import org.loanmodel.ledger.WriterCommand.Sweep;
import org.loanmodel.ledger.WriterCommand.Words;
import org.loanmodel.model.ReasonWord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction log in front of a {@link PredictionStore}: callers enqueue commands, and one
 * writer thread takes up to {@code batchSize} decisions' worth of them at a time, waiting up to
 * {@code linger} for more to join. The queue is bounded in decisions ({@link WriterQueue}); the
 * decisions of one request ({@link #appendAll}) are admitted, written and answered together.
 *
 * <p>A batch's appends are inserted first, in one store call, then its labels (consecutive ones in
 * one call), finds and sweeps in arrival order; an outcome therefore always finds a decision queued
 * before it. When a store call fails the log is <em>failing</em>: every caller still waiting is
 * answered with {@link LogUnavailableException}, new commands are refused at once, and the writer
 * retries with backoff: first the acknowledged decisions ({@link CommitMode#ASYNC}) it holds
 * ({@link HeldDecisions}), else a {@link PredictionStore#probe() probe}, until one succeeds. A
 * commit whose answer was lost is settled through {@link UnsettledCommits}. Every failure is logged
 * in one line and reported to the {@link LedgerListener} ({@link GuardedStore}); the package
 * documentation states the guarantees.
 *
 * <p>This class is the callers' side: admission, backlog and close. The thread's side is {@link
 * WriteLoop}.
 */
public final class BatchingWriter implements PredictionLog {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingWriter.class);
    /** How much longer than the grace {@link #close()} waits for a store call that hangs. */
    private static final long CLOSE_MARGIN_MILLIS = 2_000;

    static final String CLOSED = "prediction log is closed";
    static final String WRITE_FAILED = "prediction log write failed; nothing was stored, retry later";
    static final String DECISION_UNCERTAIN =
            "prediction log lost its connection while committing; the decision will not be kept, retry later";
    static final String OUTCOME_UNCERTAIN =
            "prediction log lost its connection while committing; retry later, the outcome counts once";

    private final GuardedStore store;
    private final LedgerSettings settings;
    private final LedgerListener listener;
    private final WriterQueue queue;
    private final AtomicLong rows = new AtomicLong();
    private final WriterHealth health = new WriterHealth();
    private final Thread writer;
    private final AtomicBoolean closeRequested = new AtomicBoolean();

    private volatile boolean closing;
    /** Set if the writer thread died: nothing more can be stored. */
    private volatile Throwable stopped;

    private final HeldDecisions held = new HeldDecisions();
    private final WriteLoop loop;

    private BatchingWriter(
            PredictionStore store, LedgerSettings settings, LedgerListener listener, Clock clock, long rowsNow) {
        this.store = new GuardedStore(store, health, listener);
        this.settings = settings;
        this.listener = listener;
        this.queue = new WriterQueue(settings.queueCapacity());
        this.rows.set(rowsNow);
        this.loop = new WriteLoop(this.store, settings, listener, clock, queue, health, rows, held);
        this.writer = new Thread(this::write, "prediction-log-writer");
        writer.setDaemon(false);
    }

    /**
     * The writer thread: the loop until it finishes, or until it throws. Then the log is stopped for
     * good, new commands are refused, and every caller still waiting is answered rather than left
     * to hang.
     */
    private void write() {
        try {
            loop.run();
        } catch (RuntimeException | Error e) {
            stopped = e;
            long lost = loop.failWaiting(new LogUnavailableException(stoppedBy(e), e));
            LOG.error("prediction log writer stopped; {} acknowledged decisions will not be written", lost, e);
        }
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
        return queue(List.of(record), settings.commitMode() == CommitMode.SYNC);
    }

    /**
     * {@inheritDoc}
     *
     * <p>In {@link CommitMode#ASYNC} the batch is acknowledged at once, as single decisions are,
     * unless the writer is behind by a full transaction or more: then it is answered once committed.
     * A client sending batches faster than the log writes them is thus slowed down by its own
     * answers instead of filling the queue until it gets 503 (rows of a few large requests fill a
     * queue sized for single decisions within moments, and its records fill the heap).
     *
     * <p>An empty list (an inference batch of zero rows) has nothing to store and completes at once:
     * it never reaches the writer, whose transactions each hold at least one decision.
     */
    @Override
    public CompletionStage<Void> appendAll(List<PredictionRecord> records) {
        if (records.isEmpty()) {
            return Append.ACKNOWLEDGED;
        }
        return queue(
                List.copyOf(records),
                settings.commitMode() == CommitMode.SYNC || queue.weight() >= settings.batchSize());
    }

    private CompletionStage<Void> queue(List<PredictionRecord> records, boolean answerWhenCommitted) {
        Append command = new Append(records, answerWhenCommitted ? new CompletableFuture<>() : Append.ACKNOWLEDGED);
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

    @Override
    public CompletionStage<Void> recordWords(String modelVersion, List<ReasonWord> words) {
        Words command = new Words(modelVersion, List.copyOf(words), new CompletableFuture<>());
        admit(command);
        return command.recorded();
    }

    /** Queues a command, or refuses it when the log is closed, failing, stalled or full. */
    private void admit(WriterCommand command) {
        if (closing) {
            throw new LogUnavailableException(CLOSED, null);
        }
        Throwable dead = stopped;
        if (dead != null) {
            throw new LogUnavailableException(stoppedBy(dead), dead);
        }
        String refusal = health.refusal();
        if (refusal != null) {
            throw LogUnavailableException.refused(refusal);
        }
        if (!queue.offer(command)) {
            listener.rejected(command.weight());
            throw new LogOverloadedException(settings.queueCapacity());
        }
    }

    @Override
    public Optional<String> stopped() {
        Throwable dead = stopped;
        return dead == null ? Optional.empty() : Optional.of(stoppedBy(dead));
    }

    private static String stoppedBy(Throwable dead) {
        return "prediction log writer stopped: " + dead;
    }

    @Override
    public LogBacklog backlog() {
        return new LogBacklog(
                queue.weight() + held.count(),
                settings.queueCapacity(),
                stopped != null || health.refusal() != null,
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
        closing = true;
        loop.closeBy(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis));
        try {
            writer.join(graceMillis + CLOSE_MARGIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            // A store call hangs (a connection without timeout): leave the store to it.
            LOG.error(
                    "prediction log writer still busy {} ms after its shutdown grace; {} queued and {} acknowledged"
                            + " decisions not written",
                    CLOSE_MARGIN_MILLIS,
                    queue.weight(),
                    held.count());
            return;
        }
        store.close();
    }
}
