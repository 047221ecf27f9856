package org.loanmodel.ledger;

import java.util.ArrayList;
import java.util.Arrays;
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

    /** Decides about a decision the database refuses to store. */
    @FunctionalInterface
    interface Refusals {
        /**
         * Lets {@code record} go when no retry would store it; false keeps it held, and the
         * refusal is then a failure like any other.
         */
        boolean letGo(PredictionRecord record, StoreException why) throws StoreException;
    }

    /**
     * Inserts them, {@code batchSize} per transaction, oldest first, adding each batch to {@code
     * rows}; those stored are let go even when a later transaction fails. A transaction whose
     * values the database refuses ({@link StoreException#valuesRefused()}) is split in halves until
     * each refused decision stands alone: the others are stored, and each refused one is offered
     * to {@code refused}, which lets it go when no retry would store it. Any other failure, or a
     * refused decision kept, is thrown, the decisions not yet stored still held.
     */
    void store(GuardedStore store, int batchSize, AtomicLong rows, Refusals refused) throws StoreException {
        while (!records.isEmpty()) {
            List<PredictionRecord> batch = new ArrayList<>(records.subList(0, Math.min(batchSize, records.size())));
            boolean[] settled = new boolean[batch.size()];
            try {
                storeApart(store, batch, 0, batch.size(), settled, rows, refused);
            } finally {
                List<PredictionRecord> kept = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    if (!settled[i]) {
                        kept.add(batch.get(i));
                    }
                }
                List<PredictionRecord> head = records.subList(0, batch.size());
                head.clear();
                head.addAll(kept);
                count.set(records.size());
            }
        }
    }

    /** Stores {@code batch[from, to)}, splitting it around refused values; marks what it settles. */
    private static void storeApart(
            GuardedStore store,
            List<PredictionRecord> batch,
            int from,
            int to,
            boolean[] settled,
            AtomicLong rows,
            Refusals refused)
            throws StoreException {
        long start = System.nanoTime();
        try {
            store.insert(batch.subList(from, to));
        } catch (StoreException e) {
            if (!e.valuesRefused()) {
                throw e;
            }
            if (to - from == 1) {
                if (!refused.letGo(batch.get(from), e)) {
                    throw e;
                }
                settled[from] = true;
                return;
            }
            int middle = (from + to) >>> 1;
            storeApart(store, batch, from, middle, settled, rows, refused);
            storeApart(store, batch, middle, to, settled, rows, refused);
            return;
        }
        // Every one is a new decision: one the insert found stored already was stored by an
        // earlier attempt whose commit answer was lost.
        rows.addAndGet(to - from);
        Arrays.fill(settled, from, to, true);
        store.committed(to - from, start);
    }
}
