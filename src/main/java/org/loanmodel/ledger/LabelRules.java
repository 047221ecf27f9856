package org.loanmodel.ledger;

/**
 * What an outcome means, decided from what the store read: recorded, a duplicate, a conflict,
 * unknown, or kept apart as unverified (the original system's form: an id the service never issued,
 * sent with the client's {@code predicted_outcome}). No database here; the store writes
 * conditionally (only where no outcome is stored yet), reads the row back, and asks these rules.
 */
final class LabelRules {
    private LabelRules() {}

    /**
     * A logged decision as the store read it after the conditional write.
     *
     * @param modelVersion the model that decided
     * @param approvalStatus the decision, 0 or 1
     * @param actualOutcome the outcome on record
     * @param createdAtMillis when the decision was made
     * @param labelledAtMillis when the outcome on record arrived
     */
    record LoggedOutcome(
            String modelVersion, int approvalStatus, int actualOutcome, long createdAtMillis, long labelledAtMillis) {}

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
     * @param storedNow whether this request's outcome was the one written
     */
    static LabelResult logged(LabelRequest request, LoggedOutcome row, boolean storedNow) {
        LabelResult.Status status;
        if (storedNow) {
            status = LabelResult.Status.RECORDED;
        } else if (row.actualOutcome() != request.actualOutcome()) {
            status = LabelResult.Status.CONFLICT;
        } else {
            status = LabelResult.Status.DUPLICATE;
        }
        return new LabelResult(
                status,
                true,
                row.modelVersion(),
                row.approvalStatus(),
                row.actualOutcome(),
                row.createdAtMillis(),
                row.labelledAtMillis());
    }

    /**
     * Whether an outcome for an id that is not logged may be kept as unverified: only when the
     * client said what was predicted; otherwise it is {@link LabelResult#unknown()}.
     */
    static boolean keepsUnverified(LabelRequest request) {
        return request.claimedPrediction() >= 0;
    }

    /**
     * The result for an unverified outcome.
     *
     * @param storedNow whether this request's outcome was the one written
     */
    static LabelResult unverified(LabelRequest request, UnverifiedOutcome row, boolean storedNow) {
        LabelResult.Status status;
        if (row.actualOutcome() != request.actualOutcome()) {
            status = LabelResult.Status.CONFLICT;
        } else if (storedNow) {
            status = LabelResult.Status.RECORDED;
        } else {
            status = LabelResult.Status.DUPLICATE;
        }
        return new LabelResult(
                status, false, null, row.predictedOutcome(), row.actualOutcome(), 0, row.receivedAtMillis());
    }
}
