package org.loanmodel.simulate;

import java.util.function.DoubleToIntFunction;
import org.loanmodel.model.LoanApplication;

/**
 * One simulated applicant and how its real outcome follows from the decision: either fixed in
 * advance (a lending rule) or drawn from the probability the service answered, with label noise
 * already applied either way.
 *
 * @param application what is sent to {@code /predict}
 * @param outcomeRule the outcome sent to {@code /feedback}, given the approval probability answered
 */
public record Applicant(LoanApplication application, DoubleToIntFunction outcomeRule) {

    /** The outcome to report when the service answered with {@code probability}. */
    public int outcome(double probability) {
        return outcomeRule.applyAsInt(probability);
    }
}
