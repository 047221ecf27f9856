package org.loanmodel.ledger;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.training.LoanDataGenerator;

/** Decisions and outcomes the ledger tests store. */
final class LedgerFixtures {
    static final LoanApplication APPLICATION = LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1);
    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    static final String MODEL_VERSION = "0123456789ab";

    private LedgerFixtures() {}

    /** A decision made {@code offsetMillis} after START (retention would delete older ones). */
    static PredictionRecord record(String id, long offsetMillis, int approval) {
        return new PredictionRecord(
                new Decision(id, START.toEpochMilli() + offsetMillis, MODEL_VERSION, 0.875, approval), APPLICATION);
    }

    /** An outcome without the client's predicted_outcome. */
    static LabelRequest label(String id, int actual, long at) {
        return new LabelRequest(id, actual, -1, at);
    }

    /** An outcome's result joined to a logged decision with these features and no attributes. */
    static LabelResult joined(LabelResult outcome, double... features) {
        return new LabelResult(
                outcome.status(),
                outcome.verified(),
                outcome.modelVersion(),
                outcome.predictedOutcome(),
                outcome.actualOutcome(),
                outcome.predictedAtMillis(),
                outcome.labelledAtMillis(),
                outcome.finalStatus(),
                outcome.finalDecision(),
                outcome.finalDecidedAtMillis(),
                Arrays.stream(features).boxed().toList(),
                Map.of());
    }

    static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
