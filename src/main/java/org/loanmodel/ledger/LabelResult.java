package org.loanmodel.ledger;

/**
 * What the prediction log did with an outcome.
 *
 * @param status what happened
 * @param verified true when the outcome joined a logged decision; false for the original system's
 *     form (an unknown id with the client's {@code predicted_outcome}), taken on the client's word
 * @param modelVersion version of the model that decided, or {@code null} when unverified
 * @param predictedOutcome the decision: the logged one when verified, else the client's
 * @param actualOutcome the outcome on record after this call: for {@link Status#CONFLICT} the
 *     earlier one, which was kept
 * @param predictedAtMillis when the decision was made (0 when unverified)
 * @param labelledAtMillis when the outcome on record arrived
 */
public record LabelResult(
        Status status,
        boolean verified,
        String modelVersion,
        int predictedOutcome,
        int actualOutcome,
        long predictedAtMillis,
        long labelledAtMillis) {

    /** The outcome of a labelling attempt. */
    public enum Status {
        /** The outcome was stored now. */
        RECORDED,
        /** The same outcome was already stored; nothing changed. */
        DUPLICATE,
        /** A different outcome was already stored; it was kept. */
        CONFLICT,
        /** No decision has this id, and the client did not say what was predicted. */
        UNKNOWN
    }

    /** The result for an id nobody knows. */
    public static LabelResult unknown() {
        return new LabelResult(Status.UNKNOWN, false, null, -1, -1, 0, 0);
    }
}
