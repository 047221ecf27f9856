package org.loanmodel.service;

import org.loanmodel.model.InvalidInputException;

/**
 * The ground truth for one decision.
 *
 * @param predictionId the id returned by {@code POST /predict}
 * @param actualOutcome what really happened: 1 the loan should have been approved, 0 not
 * @param predictedOutcome what the client believes was predicted (0 or 1), or {@code null}; the
 *     service trusts its own log, and uses this only for ids it never issued
 */
public record FeedbackRequest(String predictionId, int actualOutcome, Integer predictedOutcome) {
    /** Longest accepted prediction id. */
    public static final int MAX_ID_LENGTH = 128;

    public FeedbackRequest {
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
        checkOutcome("actual_outcome", actualOutcome);
        if (predictedOutcome != null) {
            checkOutcome("predicted_outcome", predictedOutcome);
        }
    }

    private static void checkOutcome(String field, int value) {
        if (value != 0 && value != 1) {
            throw new InvalidInputException(
                    field, "not_allowed_category", "field '" + field + "' must be 0 or 1, got " + value);
        }
    }
}
