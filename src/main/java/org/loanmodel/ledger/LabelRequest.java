package org.loanmodel.ledger;

/**
 * An outcome to attach to a logged decision.
 *
 * @param predictionId the decision's id
 * @param actualOutcome what really happened, 0 or 1
 * @param claimedPrediction the client's {@code predicted_outcome} (0 or 1), or -1 when absent; used
 *     only when the id is unknown
 * @param receivedAtMillis when the outcome arrived
 */
public record LabelRequest(String predictionId, int actualOutcome, int claimedPrediction, long receivedAtMillis) {}
