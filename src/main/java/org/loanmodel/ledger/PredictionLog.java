package org.loanmodel.ledger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.loanmodel.model.ReasonWord;

/**
 * The durable record of every decision and, later, its outcome, as the services use it. All writes
 * go through one writer in arrival order, so an outcome sent after its decision always finds it.
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
     * Queues the decisions of one request, all or none: they are admitted together, stored in one
     * transaction and answered together. An empty list stores nothing and completes at once.
     *
     * @return completes when all of them count as stored, which depends on the {@link CommitMode}
     * @throws LogOverloadedException when the write queue has no room for all of them; none is queued
     * @throws LogUnavailableException when the log is closed
     */
    CompletionStage<Void> appendAll(List<PredictionRecord> records);

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

    /**
     * Records the reasons a model version can give before it serves, as its first denials would
     * otherwise: the log's writer then stores every denial of it the same way from the first.
     *
     * @throws LogOverloadedException when the write queue is full
     * @throws LogUnavailableException when the log is closed or cannot write
     */
    default CompletionStage<Void> recordWords(String modelVersion, List<ReasonWord> words) {
        return CompletableFuture.completedFuture(null);
    }

    /** The writer's backlog now, for readiness and the gauges. */
    LogBacklog backlog();

    /** Decisions currently kept; the same as {@code backlog().rows()}. */
    default long rows() {
        return backlog().rows();
    }

    /** Decisions (and other commands) waiting for the writer; the same as {@code backlog().queueDepth()}. */
    default int queueDepth() {
        return backlog().queueDepth();
    }

    /** Decisions that may wait before appends are refused; the same as {@code backlog().queueCapacity()}. */
    default int queueCapacity() {
        return backlog().queueCapacity();
    }

    /** True while the last write attempt failed; the same as {@code backlog().failing()}. */
    default boolean failing() {
        return backlog().failing();
    }

    /**
     * Why this log can never write again (its writer ended on an error no retry recovers from), so
     * that the process should be restarted; empty while it can write, or retries. A failing store
     * is not this: {@link #failing()} covers it, and the writer recovers when the store does.
     */
    default Optional<String> stopped() {
        return Optional.empty();
    }

    /** Stops accepting appends, writes everything accepted, then releases the store. */
    @Override
    void close();
}
