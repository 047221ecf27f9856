package org.loanmodel.ledger;

/**
 * A decision read back from the prediction log, with its outcome once known.
 *
 * @param predictionId the decision's id
 * @param createdAtMillis when the decision was made
 * @param modelVersion the model that made it
 * @param features feature values in schema order
 * @param probability approval probability
 * @param approvalStatus 1 approved, 0 rejected
 * @param actualOutcome the outcome, or {@code null} while unlabelled
 * @param labelledAtMillis when the outcome arrived, or {@code null}
 */
public record StoredPrediction(
        String predictionId,
        long createdAtMillis,
        String modelVersion,
        double[] features,
        double probability,
        int approvalStatus,
        Integer actualOutcome,
        Long labelledAtMillis) {

    public StoredPrediction {
        features = features.clone();
    }

    @Override
    public double[] features() {
        return features.clone();
    }
}
