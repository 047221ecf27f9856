package org.loanmodel.training;

import org.loanmodel.model.LoanApplication;

/**
 * A loan application with its known outcome.
 *
 * @param application the features
 * @param outcome 1 when the loan should be approved, else 0
 */
public record TrainingExample(LoanApplication application, int outcome) {
    public TrainingExample {
        if (outcome != 0 && outcome != 1) {
            throw new IllegalArgumentException("outcome must be 0 or 1, got " + outcome);
        }
    }
}
