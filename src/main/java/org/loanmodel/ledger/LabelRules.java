package org.loanmodel.ledger;

import java.util.List;
import java.util.Map;
import org.loanmodel.ledger.LabelResult.Status;

/**
 * What an outcome or a final decision means, decided from what the store read: recorded, a
 * duplicate, a conflict, unknown, or kept apart as unverified (the original system's form: an id
 * the service never issued, sent with the client's {@code predicted_outcome}). No database here;
 * the store writes conditionally (only where nothing is stored yet, and for a request with both
 * parts only where neither contradicts what is stored), reads the row back, and asks these rules.
 */
final class LabelRules {
    private LabelRules() {}

    /**
     * A logged decision as the store read it after the conditional writes.
     *
     * @param modelVersion the model that decided
     * @param approvalStatus the decision, 0 or 1
     * @param actualOutcome the outcome on record, -1 for none
     * @param createdAtMillis when the decision was made
     * @param labelledAtMillis when the outcome on record arrived, 0 for none
     * @param finalDecision the final decision on record, -1 for none
     * @param finalDecidedAtMillis when it arrived, 0 for none
     * @param features the decision's features in schema order, {@code NaN} where absent
     * @param attributes the decision's monitoring attributes
     */
    record LoggedOutcome(
            String modelVersion,
            int approvalStatus,
            int actualOutcome,
            long createdAtMillis,
            long labelledAtMillis,
            int finalDecision,
            long finalDecidedAtMillis,
            List<Double> features,
            Map<String, String> attributes) {

        /** A labelled decision of a version-1 row: no final decision, no inputs. */
        LoggedOutcome(
                String modelVersion,
                int approvalStatus,
                int actualOutcome,
                long createdAtMillis,
                long labelledAtMillis) {
            this(
                    modelVersion,
                    approvalStatus,
                    actualOutcome,
                    createdAtMillis,
                    labelledAtMillis,
                    -1,
                    0,
                    List.of(),
                    Map.of());
        }
    }

    /**
     * An unverified outcome as the store read it after the conditional write.
     *
     * @param actualOutcome the outcome on record
     * @param predictedOutcome what the client said was predicted
     * @param receivedAtMillis when the outcome on record arrived
     */
    record UnverifiedOutcome(int actualOutcome, int predictedOutcome, long receivedAtMillis) {}

    /**
     * The result for a logged decision.
     *
     * @param outcomeStoredNow whether this request's outcome was the one written
     * @param finalStoredNow whether this request's final decision was the one written
     */
    static LabelResult logged(
            LabelRequest request, LoggedOutcome row, boolean outcomeStoredNow, boolean finalStoredNow) {
        return new LabelResult(
                part(request.actualOutcome(), row.actualOutcome(), outcomeStoredNow),
                true,
                row.modelVersion(),
                row.approvalStatus(),
                row.actualOutcome(),
                row.createdAtMillis(),
                row.labelledAtMillis(),
                part(request.finalDecision(), row.finalDecision(), finalStoredNow),
                row.finalDecision(),
                row.finalDecidedAtMillis(),
                row.features(),
                row.attributes());
    }

    /** The result for a logged decision of a request with an outcome alone. */
    static LabelResult logged(LabelRequest request, LoggedOutcome row, boolean storedNow) {
        return logged(request, row, storedNow, false);
    }

    private static Status part(int sent, int stored, boolean storedNow) {
        if (sent < 0) {
            return Status.NOT_SENT;
        }
        if (storedNow) {
            return Status.RECORDED;
        }
        if (stored < 0) {
            return Status.SKIPPED;
        }
        return stored == sent ? Status.DUPLICATE : Status.CONFLICT;
    }

    /**
     * Whether an outcome for an id that is not logged may be kept as unverified: only an outcome
     * alone, and only when the client said what was predicted; otherwise it is {@link
     * LabelResult#unknown()}. A final decision needs a decision this service made.
     */
    static boolean keepsUnverified(LabelRequest request) {
        return request.claimedPrediction() >= 0 && request.hasOutcome() && !request.hasFinalDecision();
    }

    /**
     * The result for an unverified outcome.
     *
     * @param storedNow whether this request's outcome was the one written
     */
    static LabelResult unverified(LabelRequest request, UnverifiedOutcome row, boolean storedNow) {
        Status status;
        if (row.actualOutcome() != request.actualOutcome()) {
            status = Status.CONFLICT;
        } else if (storedNow) {
            status = Status.RECORDED;
        } else {
            status = Status.DUPLICATE;
        }
        return new LabelResult(
                status, false, null, row.predictedOutcome(), row.actualOutcome(), 0, row.receivedAtMillis());
    }
}
