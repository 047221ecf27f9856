package org.loanmodel.bench;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.loanmodel.ledger.LabelRequest;
import org.loanmodel.ledger.LabelResult;
import org.loanmodel.ledger.PredictionRecord;
import org.loanmodel.ledger.PredictionStore;
import org.loanmodel.ledger.StoredPrediction;
import org.loanmodel.model.ReasonWord;

/**
 * A prediction store that keeps nothing: behind a real writer it lets a benchmark measure the
 * callers' side of the prediction log without a database on the same core.
 */
public final class DiscardingStore implements PredictionStore {
    @Override
    public long insert(List<PredictionRecord> records) {
        return records.size();
    }

    @Override
    public List<LabelResult> label(List<LabelRequest> requests) {
        throw new UnsupportedOperationException("a discarding store holds no decisions to label");
    }

    @Override
    public Optional<StoredPrediction> find(String predictionId) {
        return Optional.empty();
    }

    @Override
    public Set<String> stored(List<String> predictionIds) {
        return Set.of();
    }

    @Override
    public long forget(List<String> predictionIds) {
        return 0;
    }

    @Override
    public Deleted deleteExpired(long cutoffMillis, long maxRows) {
        return new Deleted(0, 0, 0);
    }

    @Override
    public void recordWords(String modelVersion, List<ReasonWord> words) {}

    @Override
    public long countRows() {
        return 0;
    }

    @Override
    public void probe() {}

    @Override
    public void insertAndRollBack(PredictionRecord record) {}

    @Override
    public Fate fate(org.loanmodel.ledger.StoreException failure) {
        return Fate.ROLLED_BACK;
    }

    @Override
    public void close() {}
}
