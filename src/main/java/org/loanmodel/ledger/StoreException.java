package org.loanmodel.ledger;

/** A store call failed and its transaction was rolled back; the store can be called again. */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
