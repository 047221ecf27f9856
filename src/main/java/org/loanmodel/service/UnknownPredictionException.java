package org.loanmodel.service;

/** Feedback or a final decision names a prediction id the log does not hold. */
public final class UnknownPredictionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Feedback for an unknown id, which the original system's form could still have carried. */
    public UnknownPredictionException(String predictionId) {
        this(predictionId, "send predicted_outcome too for ids this service did not issue");
    }

    private UnknownPredictionException(String predictionId, String hint) {
        super("no prediction with id '" + predictionId + "' (" + hint + ")", null, false, false);
    }

    /** A final decision for an unknown id: it needs a decision this service made. */
    public static UnknownPredictionException forFinalDecision(String predictionId) {
        return new UnknownPredictionException(predictionId, "a final_decision needs a decision this service made");
    }
}
