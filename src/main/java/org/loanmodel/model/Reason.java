package org.loanmodel.model;

import java.util.Objects;

/**
 * One principal reason for a denial.
 *
 * @param code the stable code of the reason, from the feature's schema entry, e.g. {@code
 *     R_CREDIT_SCORE}
 * @param feature the feature's name
 * @param text the reason in words, e.g. {@code credit score too low}
 * @param contribution how far the feature moved the approval probability, below 0
 */
public record Reason(String code, String feature, String text, double contribution) {
    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(text, "text");
    }
}
