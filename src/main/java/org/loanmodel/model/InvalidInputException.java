package org.loanmodel.model;

/**
 * Input that breaks a documented rule; carries the offending field and a stable rule code so that
 * every transport can report it the same way.
 */
public final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String rule;

    /**
     * @param field the request field at fault, or {@code null} when the whole body is at fault
     * @param rule a stable machine-readable rule code such as {@code out_of_range}
     * @param message a sentence naming the value and the rule it breaks
     */
    public InvalidInputException(String field, String rule, String message) {
        // No stack trace: this is an expected outcome of bad requests, not a bug, and a flood of
        // them must stay cheap.
        super(message, null, false, false);
        this.field = field;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
