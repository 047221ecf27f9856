package org.loanmodel.ledger;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.loanmodel.model.ReasonWord;

/**
 * A real store with faults switched on by the test: the database "down" (every call fails), or the
 * answer to the next commit lost after the delegate did (or did not) commit, with the fate the
 * database then reports chosen by the test. What a lost answer looks like on the wire is tested
 * against a real PostgreSQL elsewhere; this one drives the writer through each outcome in turn.
 */
final class FaultyStore implements PredictionStore {
    private static final long TRANSACTION_ID = 42;

    private final PredictionStore delegate;
    private volatile boolean down;
    private volatile Boolean loseNextAnswerAfterCommit;
    private volatile Fate fate = Fate.UNKNOWN;
    private volatile Error nextInsertError;

    FaultyStore(PredictionStore delegate) {
        this.delegate = delegate;
    }

    /** Every call fails (and fates are unknown) until {@code down(false)}. */
    void down(boolean isDown) {
        this.down = isDown;
    }

    /** The next insert or label loses its commit's answer, after committing it or not. */
    void loseNextCommitAnswer(boolean committed) {
        this.loseNextAnswerAfterCommit = committed;
    }

    /** The next insert throws {@code error}: a fault no retry recovers from. */
    void dieOnNextInsert(Error error) {
        this.nextInsertError = error;
    }

    /** What {@link #fate} answers for a lost commit while the store is up. */
    void fateIs(Fate answer) {
        this.fate = answer;
    }

    private void checkUp() throws StoreException {
        if (down) {
            throw new StoreException("connection refused", null);
        }
    }

    /** A write that may lose its answer. */
    @FunctionalInterface
    private interface Write<T> {
        T run() throws StoreException;
    }

    private <T> T write(Write<T> write, T ifNotCommitted) throws StoreException {
        checkUp();
        Boolean lose = loseNextAnswerAfterCommit;
        if (lose == null) {
            return write.run();
        }
        loseNextAnswerAfterCommit = null;
        T result = lose ? write.run() : ifNotCommitted;
        throw StoreException.commitUnknown("connection lost while committing", null, TRANSACTION_ID, result);
    }

    @Override
    public long insert(List<PredictionRecord> records) throws StoreException {
        Error error = nextInsertError;
        if (error != null) {
            nextInsertError = null;
            throw error;
        }
        return write(() -> delegate.insert(records), 0L);
    }

    @Override
    public void insertAndRollBack(PredictionRecord record) throws StoreException {
        checkUp();
        delegate.insertAndRollBack(record);
    }

    @Override
    public List<LabelResult> label(List<LabelRequest> requests) throws StoreException {
        return write(() -> delegate.label(requests), List.of());
    }

    @Override
    public Optional<StoredPrediction> find(String predictionId) throws StoreException {
        checkUp();
        return delegate.find(predictionId);
    }

    @Override
    public Set<String> stored(List<String> predictionIds) throws StoreException {
        checkUp();
        return delegate.stored(predictionIds);
    }

    @Override
    public long forget(List<String> predictionIds) throws StoreException {
        checkUp();
        return delegate.forget(predictionIds);
    }

    @Override
    public Deleted deleteExpired(long cutoffMillis, long maxRows) throws StoreException {
        checkUp();
        return delegate.deleteExpired(cutoffMillis, maxRows);
    }

    @Override
    public void recordWords(String modelVersion, List<ReasonWord> words) throws StoreException {
        checkUp();
        delegate.recordWords(modelVersion, words);
    }

    @Override
    public long countRows() throws StoreException {
        checkUp();
        return delegate.countRows();
    }

    @Override
    public void probe() throws StoreException {
        checkUp();
        delegate.probe();
    }

    @Override
    public Fate fate(StoreException failure) {
        if (!failure.commitUnknown()) {
            return Fate.ROLLED_BACK;
        }
        return down ? Fate.UNKNOWN : fate;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
