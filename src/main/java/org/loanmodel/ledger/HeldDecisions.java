package org.loanmodel.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Acknowledged decisions ({@link CommitMode#ASYNC}) whose insert failed, in arrival order: the
 * {@link BatchingWriter} holds them and retries until they are stored. Only the writer thread
 * changes them; how many there are may be read from any thread.
 */
final class HeldDecisions {
    private final List<PredictionRecord> records = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    void hold(PredictionRecord record) {
        records.add(record);
        count.set(records.size());
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    /** How many are held; safe from any thread. */
    int count() {
        return count.get();
    }

    /** The decisions held, oldest first (a view: the writer thread only). */
    List<PredictionRecord> records() {
        return records;
    }

    /**
     * Inserts them, {@code batchSize} per transaction, oldest first, adding each batch to {@code
     * rows}; those stored are let go even when a later transaction fails.
     */
    void store(GuardedStore store, int batchSize, AtomicLong rows) throws StoreException {
        while (!records.isEmpty()) {
            List<PredictionRecord> batch = new ArrayList<>(records.subList(0, Math.min(batchSize, records.size())));
            long start = System.nanoTime();
            store.insert(batch);
            // Every one is a new decision: one the insert found stored already was stored by an
            // earlier attempt whose commit answer was lost.
            rows.addAndGet(batch.size());
            records.subList(0, batch.size()).clear();
            count.set(records.size());
            store.committed(batch.size(), start);
        }
    }
}
