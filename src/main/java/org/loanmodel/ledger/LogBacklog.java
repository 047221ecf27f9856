package org.loanmodel.ledger;

/**
 * How far the prediction log's writer is behind, as readiness and the gauges see it: a snapshot,
 * taken without waiting for the writer.
 *
 * @param queueDepth decisions (and other commands, one each) waiting for the writer, held ones included
 * @param queueCapacity decisions that may wait before new appends are refused
 * @param failing true while the last write attempt failed
 * @param rows decisions kept (exact after each retention sweep, tracked in between)
 */
public record LogBacklog(int queueDepth, int queueCapacity, boolean failing, long rows) {

    /** Whether more than {@code share} (0 to 1) of the queue is taken. */
    public boolean queueOver(double share) {
        return queueDepth > share * queueCapacity;
    }
}
