package org.loanmodel.ledger;

/** The prediction log's write queue is full: the caller should retry later. */
public final class LogOverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogOverloadedException(int capacity) {
        // Thrown under overload, when stack traces would only add cost.
        super("prediction log write queue is full (" + capacity + " records); retry later", null, false, false);
    }
}
