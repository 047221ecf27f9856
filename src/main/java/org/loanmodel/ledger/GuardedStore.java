package org.loanmodel.ledger;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.loanmodel.model.ReasonWord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link BatchingWriter}'s calls into its {@link PredictionStore}: each one marked in the
 * {@link WriterHealth} while it runs (a call that hangs refuses new work), anything it throws
 * turned into a {@link StoreException}, a lost commit answer asked of the database at once, and a
 * failure logged in one line, counted, and followed by the next attempt's backoff.
 */
final class GuardedStore {
    /** Under the writer's name, as operators know the prediction log's lines. */
    private static final Logger LOG = LoggerFactory.getLogger(BatchingWriter.class);

    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PredictionStore store;
    private final WriterHealth health;
    private final LedgerListener listener;
    private long backoffNanos = FIRST_BACKOFF_NANOS;
    private long nextAttemptNanos;
    /** The last decision the store took, for {@link #takesOrdinaryRows}. */
    private PredictionRecord lastStored;

    GuardedStore(PredictionStore store, WriterHealth health, LedgerListener listener) {
        this.store = store;
        this.health = health;
        this.listener = listener;
    }

    /** A store call. */
    @FunctionalInterface
    interface StoreCall<T> {
        T run() throws StoreException;
    }

    <T> T call(StoreCall<T> call) throws StoreException {
        health.callStarted();
        try {
            return call.run();
        } catch (RuntimeException | AssertionError e) {
            throw new StoreException(StoreConnection.describe(e), e);
        } finally {
            health.callFinished();
        }
    }

    /** Inserts; a lost commit answer counts as stored when the database says it committed. */
    long insert(List<PredictionRecord> records) throws StoreException {
        long inserted;
        try {
            inserted = call(() -> store.insert(records));
        } catch (StoreException e) {
            inserted = (Long) committedAfterAll(e);
        }
        lastStored = records.get(records.size() - 1);
        return inserted;
    }

    /**
     * Whether the store takes an ordinary row now: a copy of the last decision stored, under an id
     * no decision has, inserted and rolled back. False when nothing was stored yet, or when the
     * database refuses that row's values too (a constraint on every row, not on one decision's).
     */
    boolean takesOrdinaryRows() throws StoreException {
        PredictionRecord ordinary = lastStored;
        if (ordinary == null) {
            return false;
        }
        PredictionRecord copy = ordinary.bareAs("probe-" + UUID.randomUUID());
        try {
            call(() -> {
                store.insertAndRollBack(copy);
                return null;
            });
            return true;
        } catch (StoreException e) {
            if (e.valuesRefused()) {
                return false;
            }
            throw e;
        }
    }

    /** Labels; a lost commit answer counts as stored when the database says it committed. */
    List<LabelResult> label(List<LabelRequest> requests) throws StoreException {
        try {
            return call(() -> store.label(requests));
        } catch (StoreException e) {
            committedAfterAll(e);
            return UnsettledCommits.labelResults(e);
        }
    }

    Optional<StoredPrediction> find(String predictionId) throws StoreException {
        return call(() -> store.find(predictionId));
    }

    PredictionStore.Deleted deleteExpired(long cutoffMillis, long maxRows) throws StoreException {
        return call(() -> store.deleteExpired(cutoffMillis, maxRows));
    }

    void recordWords(String modelVersion, List<ReasonWord> words) throws StoreException {
        call(() -> {
            store.recordWords(modelVersion, words);
            return null;
        });
    }

    Set<String> stored(List<String> predictionIds) throws StoreException {
        return call(() -> store.stored(predictionIds));
    }

    void forget(List<String> predictionIds) throws StoreException {
        call(() -> store.forget(predictionIds));
    }

    void probe() throws StoreException {
        call(() -> {
            store.probe();
            return null;
        });
    }

    PredictionStore.Fate fate(StoreException failure) {
        health.callStarted();
        try {
            return store.fate(failure);
        } catch (RuntimeException e) {
            return PredictionStore.Fate.UNKNOWN;
        } finally {
            health.callFinished();
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

    /** Reports a transaction with {@code appended} decisions that committed after {@code startNanos}. */
    void committed(int appended, long startNanos) {
        listener.committed(appended, (System.nanoTime() - startNanos) / 1e9);
    }

    /** Logs and counts a failed call, marks the log failing and schedules the next attempt. */
    void failed(String what, int commands, StoreException e) {
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

    /** Nanoseconds until the next attempt after a failure is due (0 or less: now). */
    long nanosUntilAttempt() {
        return nextAttemptNanos - System.nanoTime();
    }

    /** Marks the log healthy again after a successful attempt, and says so. */
    void recovered() {
        WriterHealth.Outage outage = health.recovered();
        backoffNanos = FIRST_BACKOFF_NANOS;
        LOG.info(
                "prediction log writes again after {} s and {} failed attempts",
                String.format(java.util.Locale.ROOT, "%.1f", outage.seconds()),
                outage.failures());
    }

    void close() {
        store.close();
    }
}
