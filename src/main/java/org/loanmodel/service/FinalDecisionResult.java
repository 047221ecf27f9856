package org.loanmodel.service;

import org.loanmodel.monitoring.OverrideDirection;

/**
 * What a final decision established.
 *
 * @param predictionId the decision reviewed
 * @param finalDecision the final decision on record
 * @param modelDecision the model's decision as logged
 * @param override how the final decision relates to the model's
 * @param modelVersion the model that decided
 * @param replay true when the same final decision had already been recorded and nothing changed
 */
public record FinalDecisionResult(
        String predictionId,
        int finalDecision,
        int modelDecision,
        OverrideDirection override,
        String modelVersion,
        boolean replay) {}
