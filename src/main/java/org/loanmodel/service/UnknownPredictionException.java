package org.loanmodel.service;

/** Feedback names a prediction id the log does not hold. */
public final class UnknownPredictionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownPredictionException(String predictionId) {
        super(
                "no prediction with id '" + predictionId + "' (send predicted_outcome too for ids this service did not"
                        + " issue)",
                null,
                false,
                false);
    }
}
