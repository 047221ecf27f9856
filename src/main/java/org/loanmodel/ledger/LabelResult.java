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
 * @param challengers what each challenger decided for the request, when verified
 */
public record LabelResult(
        Status status,
        boolean verified,
        String modelVersion,
        int predictedOutcome,
        int actualOutcome,
        long predictedAtMillis,
        long labelledAtMillis,
        java.util.List<org.loanmodel.model.ChallengerDecision> challengers) {

    public LabelResult {
        challengers = java.util.List.copyOf(challengers);
    }

    /** A result with no challenger decisions. */
    public LabelResult(
            Status status,
            boolean verified,
            String modelVersion,
            int predictedOutcome,
            int actualOutcome,
            long predictedAtMillis,
            long labelledAtMillis) {
        this(
                status,
                verified,
                modelVersion,
                predictedOutcome,
                actualOutcome,
                predictedAtMillis,
                labelledAtMillis,
                java.util.List.of());
    }

    /** The same result with what the challengers decided for the labelled request. */
    public LabelResult withChallengers(java.util.List<org.loanmodel.model.ChallengerDecision> decisions) {
        return new LabelResult(
                status,
                verified,
                modelVersion,
                predictedOutcome,
                actualOutcome,
                predictedAtMillis,
                labelledAtMillis,
                decisions);
    }

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
