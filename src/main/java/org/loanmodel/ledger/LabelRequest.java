package org.loanmodel.ledger;

/**
 * What to attach to a logged decision: its outcome, the lender's final decision, or both at once
 * (then both are stored or, when either contradicts what is stored, neither).
 *
 * @param predictionId the decision's id
 * @param actualOutcome what really happened, 0 or 1; {@link #NONE} when only a final decision is sent
 * @param claimedPrediction the client's {@code predicted_outcome} (0 or 1), or -1 when absent; used
 *     only when the id is unknown
 * @param receivedAtMillis when the request arrived
 * @param finalDecision the lender's decision after human review, 0 or 1, or {@link #NONE}
 */
public record LabelRequest(
        String predictionId, int actualOutcome, int claimedPrediction, long receivedAtMillis, int finalDecision) {
    /** The value of a part the request does not carry. */
    public static final int NONE = -1;

    public LabelRequest {
        if (actualOutcome < 0 && finalDecision < 0) {
            throw new IllegalArgumentException("a label request needs an outcome, a final decision or both");
        }
    }

    /** An outcome alone. */
    public LabelRequest(String predictionId, int actualOutcome, int claimedPrediction, long receivedAtMillis) {
        this(predictionId, actualOutcome, claimedPrediction, receivedAtMillis, NONE);
    }

    /** A final decision alone. */
    public static LabelRequest finalDecision(String predictionId, int finalDecision, long receivedAtMillis) {
        return new LabelRequest(predictionId, NONE, NONE, receivedAtMillis, finalDecision);
    }

    /** Whether the request carries an outcome. */
    public boolean hasOutcome() {
        return actualOutcome >= 0;
    }

    /** Whether the request carries a final decision. */
    public boolean hasFinalDecision() {
        return finalDecision >= 0;
    }
}
