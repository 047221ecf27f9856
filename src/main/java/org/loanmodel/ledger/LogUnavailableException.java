package org.loanmodel.ledger;

/** The prediction log could not store or read what was asked; nothing was acknowledged. */
public final class LogUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
