package org.loanmodel.ledger;

/** When a prediction counts as stored, traded against throughput. */
public enum CommitMode {
    /**
     * The prediction is answered once queued; a batch commits within milliseconds. A crash loses at
     * most what was still queued.
     */
    ASYNC,
    /**
     * The prediction is answered only after its batch is committed and synced to disk: a crash
     * loses no answered prediction.
     */
    SYNC
}
