package org.loanmodel.ledger;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.loanmodel.model.ReasonWord;

/**
 * Where the prediction log keeps its rows. Each call is one transaction: it commits whole or, when
 * it throws, rolls back whole and leaves the store usable for the next call (reconnecting if the
 * failure broke the connection). The one exception is a commit whose answer was lost ({@link
 * StoreException#commitUnknown()}): {@link #fate} then tells what became of it. A store is used by
 * one thread at a time (the {@link BatchingWriter}); replicas sharing one database each have their
 * own.
 */
public interface PredictionStore extends AutoCloseable {

    /**
     * Inserts decisions; an id already stored keeps the decision stored first.
     *
     * @return how many rows were new
     */
    long insert(List<PredictionRecord> records) throws StoreException;

    /**
     * Applies outcomes in order, each seeing those before it, by the {@link LabelRules}.
     *
     * @return one result per request, in the same order
     */
    List<LabelResult> label(List<LabelRequest> requests) throws StoreException;

    /** Reads one decision back. */
    Optional<StoredPrediction> find(String predictionId) throws StoreException;

    /** Which of these decisions are stored (a read, which works on a full disk). */
    Set<String> stored(List<String> predictionIds) throws StoreException;

    /**
     * Deletes decisions by id: those answered as not stored whose transaction committed after all.
     *
     * @return how many rows were deleted
     */
    long forget(List<String> predictionIds) throws StoreException;

    /**
     * Deletes decisions (and unverified outcomes) made before {@code cutoffMillis}, then the oldest
     * decisions beyond the newest {@code maxRows}; ties at the oldest kept millisecond are kept.
     */
    Deleted deleteExpired(long cutoffMillis, long maxRows) throws StoreException;

    /** Decisions kept now. */
    long countRows() throws StoreException;

    /**
     * Records the reasons a model version can give, each under its feature and text variant, as its
     * first denials would; a key already on record keeps the words it has.
     */
    void recordWords(String modelVersion, List<ReasonWord> words) throws StoreException;

    /**
     * Commits a write that changes nothing anyone reads: succeeds only when the store can commit
     * again, which is how the writer learns that a failure has gone away while it has nothing to
     * write.
     */
    void probe() throws StoreException;

    /**
     * Inserts {@code record} and rolls the transaction back: whether the store takes such a row
     * now, leaving nothing behind. The caller gives a record without reasons ({@link
     * PredictionRecord#bareAs}), so that no words are recorded either.
     */
    void insertAndRollBack(PredictionRecord record) throws StoreException;

    /**
     * What became of the transaction behind {@code failure}: {@link Fate#ROLLED_BACK} for a failure
     * whose commit is not unknown; otherwise asked of the database, {@link Fate#UNKNOWN} while it
     * cannot be asked. Never throws.
     */
    Fate fate(StoreException failure);

    /** Releases the store; calls after this fail. */
    @Override
    void close();

    /** What became of a transaction. */
    enum Fate {
        COMMITTED,
        ROLLED_BACK,
        /** Not known yet: the database cannot be reached, or the transaction is still finishing. */
        UNKNOWN
    }

    /**
     * What one retention pass removed.
     *
     * @param byAge decisions older than the cutoff
     * @param byRows decisions beyond the newest {@code maxRows}
     * @param rowsKept decisions left, counted in the same transaction
     */
    record Deleted(long byAge, long byRows, long rowsKept) {}
}
