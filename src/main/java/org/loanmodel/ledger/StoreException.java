package org.loanmodel.ledger;

import java.sql.SQLException;

/**
 * A store call failed. Either its transaction was rolled back and the store can be called again,
 * or ({@link #commitUnknown()}) its commit was sent but the answer was lost with the connection, so
 * it may have committed: {@link PredictionStore#fate} asks the database which.
 */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;
    private static final long NO_TRANSACTION = -1;

    private final long transactionId;
    /** What the call would have returned, had it committed; only when the commit is unknown. */
    private final transient Object resultIfCommitted;

    /** A failure whose transaction was rolled back. */
    public StoreException(String message, Throwable cause) {
        this(message, cause, NO_TRANSACTION, null);
    }

    private StoreException(String message, Throwable cause, long transactionId, Object resultIfCommitted) {
        super(message, cause);
        this.transactionId = transactionId;
        this.resultIfCommitted = resultIfCommitted;
    }

    /**
     * A transaction whose commit was sent but not answered.
     *
     * @param transactionId the database's id of the transaction, to ask for its fate
     * @param resultIfCommitted what the call returns if the transaction committed after all
     */
    static StoreException commitUnknown(String message, Throwable cause, long transactionId, Object resultIfCommitted) {
        return new StoreException(message, cause, transactionId, resultIfCommitted);
    }

    /** This failure with its fate settled as rolled back. */
    StoreException rolledBack() {
        return new StoreException(getMessage(), getCause());
    }

    /** Whether the transaction may have committed: the answer to its commit was lost. */
    public boolean commitUnknown() {
        return transactionId != NO_TRANSACTION;
    }

    /**
     * Whether the database refused a value the call gave it rather than failed: SQLSTATE class 22,
     * the standard's "data exception" (PostgreSQL's answer to a NUL in a text, say). The store
     * works; the argument cannot be stored or compared.
     */
    public boolean argumentRefused() {
        return !commitUnknown()
                && getCause() instanceof SQLException sql
                && sql.getSQLState() != null
                && sql.getSQLState().startsWith("22");
    }

    long transactionId() {
        return transactionId;
    }

    /** What the call would have returned, had it committed; {@code null} unless {@link #commitUnknown()}. */
    Object resultIfCommitted() {
        return resultIfCommitted;
    }
}
