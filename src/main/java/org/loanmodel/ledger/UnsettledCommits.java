package org.loanmodel.ledger;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactions whose commit was sent but not answered, and whose callers were answered that
 * nothing was stored, kept by the {@link BatchingWriter} until the database tells their fate. If
 * one committed after all, what it stored is put right: outcomes are handed to whoever counts them
 * ({@link UncertainLabelException#eventually()}), decisions nobody was given are deleted.
 */
final class UnsettledCommits {
    private static final Logger LOG = LoggerFactory.getLogger(UnsettledCommits.class);

    private final List<Entry> entries = new ArrayList<>();

    /** Asks the database what became of a transaction. */
    @FunctionalInterface
    interface Fates {
        PredictionStore.Fate of(StoreException failure);
    }

    /** Deletes decisions by id. */
    @FunctionalInterface
    interface Forget {
        void forget(List<String> predictionIds) throws StoreException;
    }

    private sealed interface Entry permits Outcomes, Decisions {
        StoreException failure();
    }

    /** Outcomes answered 503; {@code eventually} completes with each one's result, or empty. */
    private record Outcomes(StoreException failure, List<CompletableFuture<Optional<LabelResult>>> eventually)
            implements Entry {}

    /** Decisions answered 503 (sync commit), to delete if they were stored after all. */
    private record Decisions(StoreException failure, List<String> predictionIds) implements Entry {}

    void outcomes(StoreException failure, List<CompletableFuture<Optional<LabelResult>>> eventually) {
        entries.add(new Outcomes(failure, List.copyOf(eventually)));
    }

    void decisions(StoreException failure, List<String> predictionIds) {
        entries.add(new Decisions(failure, List.copyOf(predictionIds)));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** What is still unsettled, for the shutdown report: {@code "2 outcomes and 1 decision"}. */
    String describe() {
        int outcomes = 0;
        int decisions = 0;
        for (Entry entry : entries) {
            if (entry instanceof Outcomes o) {
                outcomes += o.eventually().size();
            } else if (entry instanceof Decisions d) {
                decisions += d.predictionIds().size();
            }
        }
        return outcomes + (outcomes == 1 ? " outcome" : " outcomes") + " and " + decisions
                + (decisions == 1 ? " decision" : " decisions");
    }

    /** Settles every transaction whose fate the database can tell now; keeps the others. */
    void settle(Fates fates, Forget forget) {
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            PredictionStore.Fate fate = fates.of(entry.failure());
            if (fate == PredictionStore.Fate.UNKNOWN) {
                continue;
            }
            boolean committed = fate == PredictionStore.Fate.COMMITTED;
            if (entry instanceof Outcomes outcomes) {
                settle(outcomes, committed);
            } else if (entry instanceof Decisions decisions && committed && !deleted(decisions, forget)) {
                continue;
            }
            it.remove();
        }
    }

    private static void settle(Outcomes outcomes, boolean committed) {
        List<LabelResult> results = committed ? labelResults(outcomes.failure()) : List.of();
        LOG.warn(
                "the transaction of {} outcomes answered 503 {}",
                outcomes.eventually().size(),
                committed ? "committed after all; they count now" : "was rolled back; they were not stored");
        for (int i = 0; i < outcomes.eventually().size(); i++) {
            outcomes.eventually().get(i).complete(committed ? Optional.of(results.get(i)) : Optional.empty());
        }
    }

    private static boolean deleted(Decisions decisions, Forget forget) {
        try {
            forget.forget(decisions.predictionIds());
            LOG.warn(
                    "the transaction of {} decisions answered 503 committed after all; deleted them",
                    decisions.predictionIds().size());
            return true;
        } catch (StoreException e) {
            LOG.error(
                    "deleting {} decisions answered 503 failed: {}",
                    decisions.predictionIds().size(),
                    e.getMessage());
            return false;
        }
    }

    /** The results a label transaction computed before its commit's answer was lost. */
    @SuppressWarnings("unchecked")
    static List<LabelResult> labelResults(StoreException failure) {
        return (List<LabelResult>) failure.resultIfCommitted();
    }
}
