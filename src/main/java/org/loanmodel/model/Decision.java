package org.loanmodel.model;

/**
 * What the model decided for one application.
 *
 * @param predictionId unique id of the decision, used to send its outcome later
 * @param createdAtMillis epoch milliseconds when the decision was made
 * @param modelVersion version of the model that decided
 * @param probability approval probability in [0, 1]
 * @param approvalStatus 1 approved, 0 rejected
 * @param reasons the principal reasons of a denial, most important first (empty for approvals, and
 *     for models that cannot explain)
 * @param attribution every feature's contribution to a denial, which the reasons come from; {@code
 *     null} for approvals and for models that cannot explain
 */
public record Decision(
        String predictionId,
        long createdAtMillis,
        String modelVersion,
        double probability,
        int approvalStatus,
        java.util.List<Reason> reasons,
        Attribution attribution) {

    public Decision {
        reasons = java.util.List.copyOf(reasons);
    }

    /** A decision with reasons but no attribution kept. */
    public Decision(
            String predictionId,
            long createdAtMillis,
            String modelVersion,
            double probability,
            int approvalStatus,
            java.util.List<Reason> reasons) {
        this(predictionId, createdAtMillis, modelVersion, probability, approvalStatus, reasons, null);
    }

    /** A decision without reasons. */
    public Decision(
            String predictionId, long createdAtMillis, String modelVersion, double probability, int approvalStatus) {
        this(predictionId, createdAtMillis, modelVersion, probability, approvalStatus, java.util.List.of(), null);
    }
}
