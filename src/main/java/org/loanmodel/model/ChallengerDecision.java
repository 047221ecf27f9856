package org.loanmodel.model;

/**
 * What a challenger decided for a request the champion answered: logged with the decision and
 * joined to its outcome, so each version's real quality comes from the same traffic.
 *
 * @param modelVersion the challenger's version
 * @param probability its approval probability
 * @param approvalStatus its decision: 1 approve, 0 reject
 */
public record ChallengerDecision(String modelVersion, double probability, int approvalStatus) {}
