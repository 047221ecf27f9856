package org.loanmodel.model;

/**
 * What the model decided for one application.
 *
 * @param predictionId unique id of the decision, used to send its outcome later
 * @param createdAtMillis epoch milliseconds when the decision was made
 * @param modelVersion version of the model that decided
 * @param probability approval probability in [0, 1]
 * @param approvalStatus 1 approved, 0 rejected
 */
public record Decision(
        String predictionId, long createdAtMillis, String modelVersion, double probability, int approvalStatus) {}
