package org.loanmodel.ledger;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An outcome whose transaction may have committed: the connection was lost after the commit was
 * sent and the database could not be asked yet. The caller answers as for any {@link
 * LogUnavailableException}; {@link #eventually()} completes once the writer learns the
 * transaction's fate, so that an outcome stored after all is counted once, by the one transaction
 * that stored it.
 */
public final class UncertainLabelException extends LogUnavailableException {
    private static final long serialVersionUID = 1L;

    private final transient CompletionStage<Optional<LabelResult>> eventually;

    UncertainLabelException(String message, Throwable cause, CompletionStage<Optional<LabelResult>> eventually) {
        super(message, cause);
        this.eventually = eventually;
    }

    /**
     * Completes with what the transaction did if it committed, or empty if it was rolled back (the
     * outcome was not stored); never completes if the service stops before it can tell.
     */
    public CompletionStage<Optional<LabelResult>> eventually() {
        return eventually;
    }
}
