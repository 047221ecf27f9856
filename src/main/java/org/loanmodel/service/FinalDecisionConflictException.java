package org.loanmodel.service;

/** A final decision contradicts the one already recorded for a prediction; the first one stands. */
public final class FinalDecisionConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FinalDecisionConflictException(String predictionId, int recorded, int sent) {
        super(
                "prediction '" + predictionId + "' already has final_decision " + recorded + "; refusing " + sent,
                null,
                false,
                false);
    }
}
