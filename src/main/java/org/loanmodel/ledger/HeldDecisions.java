package org.loanmodel.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
     * Inserts them, {@code batchSize} per transaction, oldest first; those stored are let go even
     * when a later transaction fails.
     *
     * @return how many were stored
     */
    int store(GuardedStore store, int batchSize) throws StoreException {
        int stored = 0;
        while (!records.isEmpty()) {
            List<PredictionRecord> batch = new ArrayList<>(records.subList(0, Math.min(batchSize, records.size())));
            long start = System.nanoTime();
            store.insert(batch);
            records.subList(0, batch.size()).clear();
            count.set(records.size());
            store.committed(batch.size(), start);
            stored += batch.size();
        }
        return stored;
    }
}
