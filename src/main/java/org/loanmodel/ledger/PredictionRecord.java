package org.loanmodel.ledger;

import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;

/**
 * One decision as the prediction log stores it: what was asked and what was answered.
 *
 * @param decision the answer
 * @param application the validated features
 */
public record PredictionRecord(Decision decision, LoanApplication application) {}
