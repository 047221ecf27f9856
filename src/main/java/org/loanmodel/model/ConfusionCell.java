package org.loanmodel.model;

/** Where a labelled decision lands in the confusion matrix, with approval as the positive class. */
public enum ConfusionCell {
    TRUE_POSITIVE("tp"),
    FALSE_POSITIVE("fp"),
    TRUE_NEGATIVE("tn"),
    FALSE_NEGATIVE("fn");

    private final String code;

    ConfusionCell(String code) {
        this.code = code;
    }

    /** The cell of a decision given what really happened; both arguments are 0 or 1. */
    public static ConfusionCell of(int predicted, int actual) {
        if (predicted == 1) {
            return actual == 1 ? TRUE_POSITIVE : FALSE_POSITIVE;
        }
        return actual == 1 ? FALSE_NEGATIVE : TRUE_NEGATIVE;
    }

    /** Short code used in metrics and responses: tp, fp, tn or fn. */
    public String code() {
        return code;
    }

    /** True when the decision matched the outcome. */
    public boolean correct() {
        return this == TRUE_POSITIVE || this == TRUE_NEGATIVE;
    }
}
