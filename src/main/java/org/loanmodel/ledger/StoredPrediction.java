package org.loanmodel.ledger;

import java.util.Map;

/**
 * A decision read back from the prediction log, with its outcome and final decision once known.
 *
 * @param predictionId the decision's id
 * @param createdAtMillis when the decision was made
 * @param modelVersion the model that made it
 * @param features feature values in schema order
 * @param probability approval probability
 * @param approvalStatus 1 approved, 0 rejected
 * @param actualOutcome the outcome, or {@code null} while unlabelled
 * @param labelledAtMillis when the outcome arrived, or {@code null}
 * @param attributes the monitoring attributes of the request, empty for none
 * @param finalDecision the lender's decision after review (1 approved, 0 denied), or {@code null}
 * @param finalDecidedAtMillis when the final decision arrived, or {@code null}
 * @param reasons the principal reasons given for a denial, as answered; empty for none
 * @param attribution every feature's contribution the reasons were drawn from, or {@code null}
 *     (approvals, models that cannot explain, rows written before contributions were kept)
 */
public record StoredPrediction(
        String predictionId,
        long createdAtMillis,
        String modelVersion,
        double[] features,
        double probability,
        int approvalStatus,
        Integer actualOutcome,
        Long labelledAtMillis,
        Map<String, String> attributes,
        Integer finalDecision,
        Long finalDecidedAtMillis,
        java.util.List<org.loanmodel.model.Reason> reasons,
        org.loanmodel.model.Attribution attribution) {

    public StoredPrediction {
        features = features.clone();
        reasons = java.util.List.copyOf(reasons);
        attributes = Map.copyOf(attributes);
    }

    @Override
    public double[] features() {
        return features.clone();
    }
}
