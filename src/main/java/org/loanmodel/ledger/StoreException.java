package org.loanmodel.ledger;

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

    private final boolean valuesRefused;

    /** A failure whose transaction was rolled back. */
    public StoreException(String message, Throwable cause) {
        this(message, cause, NO_TRANSACTION, null, false);
    }

    private StoreException(
            String message, Throwable cause, long transactionId, Object resultIfCommitted, boolean valuesRefused) {
        super(message, cause);
        this.transactionId = transactionId;
        this.resultIfCommitted = resultIfCommitted;
        this.valuesRefused = valuesRefused;
    }

    /** A rolled-back transaction whose values the database refused ({@link #valuesRefused()}). */
    static StoreException valuesRefused(String message, Throwable cause) {
        return new StoreException(message, cause, NO_TRANSACTION, null, true);
    }

    /**
     * A transaction whose commit was sent but not answered.
     *
     * @param transactionId the database's id of the transaction, to ask for its fate
     * @param resultIfCommitted what the call returns if the transaction committed after all
     */
    static StoreException commitUnknown(String message, Throwable cause, long transactionId, Object resultIfCommitted) {
        return new StoreException(message, cause, transactionId, resultIfCommitted, false);
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
     * Whether the database refused the values the call gave it rather than failed ({@link
     * SqlDialect#refusesValues}: PostgreSQL's answer to a NUL in a text, say). The store works;
     * those values cannot be stored or compared, now or on any retry.
     */
    public boolean valuesRefused() {
        return valuesRefused;
    }

    long transactionId() {
        return transactionId;
    }

    /** What the call would have returned, had it committed; {@code null} unless {@link #commitUnknown()}. */
    Object resultIfCommitted() {
        return resultIfCommitted;
    }
}
