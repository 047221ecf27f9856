package org.loanmodel.ledger;

/** Receives what the prediction log does, to be exported as metrics. */
public interface LedgerListener {
    /** Ignores everything. */
    LedgerListener NONE = new LedgerListener() {};

    /** A transaction with {@code records} appended decisions committed after {@code seconds}. */
    default void committed(int records, double seconds) {}

    /** A transaction with {@code commands} commands failed and was rolled back. */
    default void writeFailed(int commands) {}

    /** Retention removed {@code rows} rows; {@code reason} is {@code max_age} or {@code max_rows}. */
    default void deleted(String reason, long rows) {}

    /** {@code decisions} decisions (or one other command) were refused because the write queue was full. */
    default void rejected(int decisions) {}

    /**
     * {@code decisions} acknowledged decisions were let go unstored because the database refuses
     * their values, which no retry would change.
     */
    default void refused(int decisions) {}

    /**
     * Closing gave up at the end of its shutdown grace, leaving {@code decisions} acknowledged
     * decisions not stored (counted against the store where it could still be read).
     */
    default void abandoned(long decisions) {}
}
