package org.loanmodel.ledger;

import java.util.List;
import java.util.Optional;

/**
 * Where the prediction log keeps its rows. Each call is one transaction: it commits whole or, when
 * it throws, rolls back whole and leaves the store usable for the next call. A store is used by one
 * thread at a time (the {@link BatchingWriter}); replicas sharing one database each have their own.
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

    /**
     * Deletes decisions (and unverified outcomes) made before {@code cutoffMillis}, then the oldest
     * decisions beyond the newest {@code maxRows}; ties at the oldest kept millisecond are kept.
     */
    Deleted deleteExpired(long cutoffMillis, long maxRows) throws StoreException;

    /** Decisions kept now. */
    long countRows() throws StoreException;

    /** Releases the store; calls after this fail. */
    @Override
    void close();

    /**
     * What one retention pass removed.
     *
     * @param byAge decisions older than the cutoff
     * @param byRows decisions beyond the newest {@code maxRows}
     * @param rowsKept decisions left, counted in the same transaction
     */
    record Deleted(long byAge, long byRows, long rowsKept) {}
}
