package org.loanmodel.service;

/** Feedback contradicts the outcome already recorded for a prediction; the first one stands. */
public final class LabelConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabelConflictException(String predictionId, int recorded, int sent) {
        super(
                "prediction '" + predictionId + "' already has actual_outcome " + recorded + "; refusing " + sent,
                null,
                false,
                false);
    }
}
