package org.loanmodel.ledger;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The durable record of every decision and, later, its outcome. All writes go through one writer in
 * arrival order, so an outcome sent after its decision always finds it.
 */
public interface PredictionLog extends AutoCloseable {

    /**
     * Queues a decision for storage.
     *
     * @return completes when the decision counts as stored, which depends on the {@link CommitMode}
     * @throws LogOverloadedException when the write queue is full
     * @throws LogUnavailableException when the log is closed
     */
    CompletionStage<Void> append(PredictionRecord record);

    /**
     * Attaches an outcome to a logged decision, idempotently.
     *
     * @return completes with what was done, or fails with {@link LogUnavailableException}
     */
    CompletionStage<LabelResult> label(LabelRequest request);

    /** Reads one decision back. */
    CompletionStage<Optional<StoredPrediction>> find(String predictionId);

    /** Runs retention now; completes with the rows deleted. */
    CompletionStage<Long> sweep();

    /** Decisions currently kept (exact after each retention sweep, tracked in between). */
    long rows();

    /** Appends waiting for the writer. */
    int queueDepth();

    /** Appends that may wait before new ones are refused. */
    int queueCapacity();

    /** True while the last write attempt failed. */
    boolean failing();

    /** Stops accepting appends, writes everything accepted, then releases the store. */
    @Override
    void close();
}
