package org.loanmodel.service;

import org.loanmodel.model.InvalidInputException;

/**
 * The ground truth for one decision, and optionally the lender's final decision on it.
 *
 * @param predictionId the id returned by {@code POST /predict}
 * @param actualOutcome what really happened: 1 the loan should have been approved, 0 not
 * @param predictedOutcome what the client believes was predicted (0 or 1), or {@code null}; the
 *     service trusts its own log, and uses this only for ids it never issued
 * @param finalDecision the lender's decision after human review (1 approved, 0 denied), or {@code
 *     null}
 */
public record FeedbackRequest(String predictionId, int actualOutcome, Integer predictedOutcome, Integer finalDecision) {
    /** Longest accepted prediction id. */
    public static final int MAX_ID_LENGTH = 128;

    public FeedbackRequest {
        checkId(predictionId);
        checkOutcome("actual_outcome", actualOutcome);
        if (predictedOutcome != null) {
            checkOutcome("predicted_outcome", predictedOutcome);
        }
        if (finalDecision != null) {
            checkOutcome("final_decision", finalDecision);
        }
    }

    /** An outcome without a final decision. */
    public FeedbackRequest(String predictionId, int actualOutcome, Integer predictedOutcome) {
        this(predictionId, actualOutcome, predictedOutcome, null);
    }

    /**
     * Checks a prediction id as every request naming one must carry it, before it reaches the log:
     * an id no decision can have (a NUL, a non-ASCII character) is refused here rather than by the
     * database, where PostgreSQL's refusal would count as a failure of the log.
     */
    public static void checkId(String predictionId) {
        if (predictionId == null || predictionId.isBlank()) {
            throw new InvalidInputException(
                    "prediction_id", "missing_field", "field 'prediction_id' is required and must not be empty");
        }
        if (predictionId.length() > MAX_ID_LENGTH || !predictionId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidInputException(
                    "prediction_id",
                    "invalid_id",
                    "field 'prediction_id' must be 1 to " + MAX_ID_LENGTH
                            + " printable ASCII characters without spaces");
        }
    }

    static void checkOutcome(String field, int value) {
        if (value != 0 && value != 1) {
            throw new InvalidInputException(
                    field, "not_allowed_category", "field '" + field + "' must be 0 or 1, got " + value);
        }
    }
}
