package org.loanmodel.monitoring;

import java.util.Arrays;
import java.util.List;
import org.loanmodel.model.Bins;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.ReferenceProfile;

/**
 * Compares live traffic with the training data's reference profile.
 *
 * <p>Every observation is binned with the frozen reference bins, counted in {@link DriftMetrics}
 * (the counters from which PSI over any window is computed in PromQL) and kept in a sliding window
 * of the last {@code capacity} observations, from which this process computes its own PSI and KS
 * per signal. Thread-safe; a batch of decisions takes the lock and moves each bin counter once.
 */
public final class DriftMonitor {

    /**
     * Drift of one signal over the window.
     *
     * @param name feature name or {@link ReferenceProfile#SCORE}
     * @param observations values in the window
     * @param psi population stability index against the reference
     * @param ks binned Kolmogorov-Smirnov distance against the reference
     */
    public record SignalDrift(String name, long observations, double psi, double ks) {}

    private final List<Bins> signals;
    private final double[][] cuts;
    private final double[][] reference;
    private final DriftMetrics metrics;
    /** Observations per signal and bin of the batch being observed; guarded by {@code this}. */
    private final long[][] batchCounts;

    private final int features;
    private final byte[] window;
    private final long[][] counts;
    private final int capacity;
    private int next;
    private int size;

    /**
     * @param profile the reference bins; signals are the features in schema order, then the score
     * @param capacity observations in the sliding window, at least 1
     * @param metrics counts every observation's bins; built for the same profile
     */
    public DriftMonitor(ReferenceProfile profile, int capacity, DriftMetrics metrics) {
        if (capacity < 1) {
            throw new IllegalArgumentException("drift window must hold at least 1 observation, got " + capacity);
        }
        this.signals = profile.signals();
        if (!metrics.signals().equals(signals)) {
            throw new IllegalArgumentException("drift metrics were built for another reference profile");
        }
        this.features = profile.features().size();
        this.cuts = signals.stream().map(Bins::cutArray).toArray(double[][]::new);
        this.reference = signals.stream().map(Bins::proportionArray).toArray(double[][]::new);
        this.counts = signals.stream().map(bins -> new long[bins.count()]).toArray(long[][]::new);
        if (signals.stream().anyMatch(bins -> bins.count() > Byte.MAX_VALUE)) {
            throw new IllegalArgumentException("drift monitoring supports at most 127 bins per signal");
        }
        this.capacity = capacity;
        this.window = new byte[capacity * signals.size()];
        this.batchCounts = signals.stream().map(bins -> new long[bins.count()]).toArray(long[][]::new);
        this.metrics = metrics;
    }

    /** Records one decision: its features and its approval probability. */
    public void observe(LoanApplication application, double score) {
        observeAll(List.of(application), new double[] {score});
    }

    /**
     * Records the decisions of one request, in order: each enters the window as one observation
     * would, and the bin counters move once per bin by the batch's count.
     *
     * @param scores the approval probability of each application, same order
     */
    public void observeAll(List<LoanApplication> applications, double[] scores) {
        if (scores.length != applications.size()) {
            throw new IllegalArgumentException(applications.size() + " applications but " + scores.length + " scores");
        }
        int signalCount = cuts.length;
        synchronized (this) {
            for (int row = 0; row < scores.length; row++) {
                LoanApplication application = applications.get(row);
                int slot = next * signalCount;
                for (int signal = 0; signal < signalCount; signal++) {
                    double value = signal < features ? application.value(signal) : scores[row];
                    int bin = Bins.binOf(cuts[signal], value);
                    if (size == capacity) {
                        counts[signal][window[slot + signal]]--;
                    }
                    window[slot + signal] = (byte) bin;
                    counts[signal][bin]++;
                    batchCounts[signal][bin]++;
                }
                next = next + 1 == capacity ? 0 : next + 1;
                if (size < capacity) {
                    size++;
                }
            }
            metrics.recordBinCounts(batchCounts);
            for (long[] bins : batchCounts) {
                Arrays.fill(bins, 0);
            }
        }
    }

    /** PSI and KS of every signal over the current window, features first, then the score. */
    public synchronized List<SignalDrift> snapshot() {
        return java.util.stream.IntStream.range(0, signals.size())
                .mapToObj(signal -> new SignalDrift(
                        signals.get(signal).name(),
                        size,
                        DriftStatistics.psi(counts[signal], size, reference[signal]),
                        DriftStatistics.ks(counts[signal], size, reference[signal])))
                .toList();
    }

    /** The monitored signals with their reference bins. */
    public List<Bins> signals() {
        return signals;
    }

    public int capacity() {
        return capacity;
    }
}
