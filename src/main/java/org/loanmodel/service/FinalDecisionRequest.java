package org.loanmodel.service;

/**
 * The lender's final decision on a logged decision, made after human review, possibly before its
 * outcome is known.
 *
 * @param predictionId the id returned by {@code POST /predict}
 * @param finalDecision 1 the lender approved, 0 denied
 */
public record FinalDecisionRequest(String predictionId, int finalDecision) {

    public FinalDecisionRequest {
        FeedbackRequest.checkId(predictionId);
        FeedbackRequest.checkOutcome("final_decision", finalDecision);
    }
}
