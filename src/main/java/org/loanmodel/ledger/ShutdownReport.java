package org.loanmodel.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one line the {@link BatchingWriter} logs when its shutdown grace ends before everything it
 * accepted is written: how many acknowledged decisions were not stored, counted against the store
 * itself where it can still be read (a full disk still reads), and what remains unsettled.
 */
final class ShutdownReport {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownReport.class);

    private final Duration grace;
    private final boolean failing;

    /** Reads which decisions are stored. */
    @FunctionalInterface
    interface Lookup {
        Set<String> stored(List<String> predictionIds) throws StoreException;
    }

    /**
     * @param grace the shutdown grace that ended
     * @param failing whether the store was failing when it ended (else it was only behind)
     */
    ShutdownReport(Duration grace, boolean failing) {
        this.grace = grace;
        this.failing = failing;
    }

    /**
     * Logs the report.
     *
     * @param acknowledged acknowledged decisions the writer still holds
     * @return how many of them are not stored
     */
    long give(List<PredictionRecord> acknowledged, Lookup lookup, UnsettledCommits unsettled) {
        List<String> ids = new ArrayList<>(acknowledged.size());
        acknowledged.forEach(record -> ids.add(record.decision().predictionId()));
        long notStored = ids.size();
        String checked = "";
        if (!ids.isEmpty()) {
            try {
                // Normally none: every insert that failed was rolled back. Asked all the same, so
                // that the number is the store's, not the writer's belief.
                notStored -= lookup.stored(ids).size();
            } catch (StoreException e) {
                checked = " (not checked against the store, which cannot be read: " + e.getMessage() + ")";
            }
        }
        String unsettledPart = unsettled.isEmpty()
                ? ""
                : "; " + unsettled.describe() + " answered 503 may have been stored (their commit is unknown)";
        LOG.error(
                "prediction log closed after its {} s shutdown grace {}: {} acknowledged decisions were not stored{}{}",
                grace.toMillis() / 1000.0,
                failing ? "while it could not write" : "while behind",
                notStored,
                checked,
                unsettledPart);
        return notStored;
    }
}
