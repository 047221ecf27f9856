package org.loanmodel.ledger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.loanmodel.model.ReasonWord;

/** A unit of work for the {@link BatchingWriter}'s thread, with the future its caller waits on. */
sealed interface WriterCommand {

    /** Answers the caller with {@code failure}; nobody waits on an acknowledged decision. */
    void fail(LogUnavailableException failure);

    /** How much of the queue's capacity the command takes: its decisions, or one. */
    default int weight() {
        return 1;
    }

    /**
     * The decisions of one request to insert, in one transaction: one for {@code /predict}, every
     * row of an inference batch; {@code stored} completes once all of them are.
     */
    record Append(List<PredictionRecord> records, CompletableFuture<Void> stored) implements WriterCommand {
        public Append {
            if (records.isEmpty()) {
                // The writer names a transaction by its last decision; an empty one would stop it.
                throw new IllegalArgumentException("an append holds at least one decision");
            }
        }

        /** The future of every decision answered before it is stored ({@link CommitMode#ASYNC}). */
        static final CompletableFuture<Void> ACKNOWLEDGED = CompletableFuture.completedFuture(null);

        /** Whether the caller was answered already, so that it must be stored whatever happens. */
        boolean acknowledged() {
            return stored == ACKNOWLEDGED;
        }

        @Override
        public void fail(LogUnavailableException failure) {
            stored.completeExceptionally(failure);
        }

        @Override
        public int weight() {
            return records.size();
        }
    }

    /** An outcome to attach. */
    record Label(LabelRequest request, CompletableFuture<LabelResult> result) implements WriterCommand {
        @Override
        public void fail(LogUnavailableException failure) {
            result.completeExceptionally(failure);
        }
    }

    /** A decision to read back. */
    record Find(String predictionId, CompletableFuture<Optional<StoredPrediction>> result) implements WriterCommand {
        @Override
        public void fail(LogUnavailableException failure) {
            result.completeExceptionally(failure);
        }
    }

    /** The reasons a model version can give, to record before its first denial. */
    record Words(String modelVersion, List<ReasonWord> words, CompletableFuture<Void> recorded)
            implements WriterCommand {
        @Override
        public void fail(LogUnavailableException failure) {
            recorded.completeExceptionally(failure);
        }
    }

    /** A retention pass. */
    record Sweep(CompletableFuture<Long> deleted) implements WriterCommand {
        @Override
        public void fail(LogUnavailableException failure) {
            deleted.completeExceptionally(failure);
        }
    }
}
