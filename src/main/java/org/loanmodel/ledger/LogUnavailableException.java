package org.loanmodel.ledger;

/**
 * The prediction log could not store or read what was asked, and nothing was stored; the caller
 * should retry later. ({@link UncertainLabelException}, a subtype, is the one case where something
 * may have been stored.)
 */
public class LogUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    private LogUnavailableException(String message) {
        // Thrown for every request while the log cannot write, when stack traces would only add cost.
        super(message, null, false, false);
    }

    /** A refusal before anything reached the store. */
    static LogUnavailableException refused(String message) {
        return new LogUnavailableException(message);
    }
}
