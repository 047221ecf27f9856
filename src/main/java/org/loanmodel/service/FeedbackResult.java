package org.loanmodel.service;

import org.loanmodel.model.ConfusionCell;
import org.loanmodel.monitoring.OverrideDirection;

/**
 * What feedback established.
 *
 * @param predictionId the decision labelled
 * @param actualOutcome the outcome on record
 * @param predictedOutcome the decision: logged when verified, the client's word otherwise
 * @param cell where the decision lands in the confusion matrix
 * @param verified true when joined to a logged decision
 * @param predictionMismatch true when the client's predicted_outcome disagreed with the log
 * @param modelVersion the model that decided, or {@code null} when unverified
 * @param labelDelaySeconds time from decision to outcome, or {@code NaN} when unverified
 * @param currentAccuracy accuracy over the rolling window of recent feedback
 * @param replay true when the same outcome (and final decision, if sent) had already been recorded
 *     and nothing changed
 * @param finalDecision the final decision on record when the request carried one, else {@code null}
 * @param override how the final decision relates to the logged decision, or {@code null} when the
 *     request carried none
 */
public record FeedbackResult(
        String predictionId,
        int actualOutcome,
        int predictedOutcome,
        ConfusionCell cell,
        boolean verified,
        boolean predictionMismatch,
        String modelVersion,
        double labelDelaySeconds,
        double currentAccuracy,
        boolean replay,
        Integer finalDecision,
        OverrideDirection override) {}
