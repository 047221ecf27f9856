package org.loanmodel.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * Frozen histogram bins of one monitored signal (a feature or the prediction score) with the
 * proportion of reference data in each bin.
 *
 * <p>{@code k} ascending cut points define {@code k + 1} bins: bin {@code i} holds values {@code v}
 * with {@code cuts[i-1] <= v < cuts[i]}; the first and last bins are open-ended, so every value has
 * a bin.
 *
 * @param name the feature name, or {@code prediction_score}
 * @param cuts ascending cut points
 * @param proportions reference proportion per bin, summing to 1
 * @param min smallest value of the reference data, or {@code null} when not recorded (artifacts made
 *     before it was); written only when set, so older artifacts keep their content hash
 * @param max largest value of the reference data, or {@code null} when not recorded
 */
public record Bins(
        String name,
        List<Double> cuts,
        List<Double> proportions,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double min,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double max) {

    @JsonCreator
    public Bins {
        Objects.requireNonNull(name, "name");
        cuts = List.copyOf(cuts);
        proportions = List.copyOf(proportions);
        if (proportions.size() != cuts.size() + 1) {
            throw new IllegalArgumentException("bins of '" + name + "': " + cuts.size() + " cut points need "
                    + (cuts.size() + 1) + " proportions, got " + proportions.size());
        }
        for (int i = 1; i < cuts.size(); i++) {
            if (!(cuts.get(i - 1) < cuts.get(i))) {
                throw new IllegalArgumentException("bins of '" + name + "': cut points must ascend strictly");
            }
        }
        double sum = proportions.stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(sum - 1) > 1e-9 || proportions.stream().anyMatch(p -> p < 0)) {
            throw new IllegalArgumentException("bins of '" + name + "': proportions must be >= 0 and sum to 1");
        }
        if ((min == null) != (max == null) || (min != null && !(min <= max))) {
            throw new IllegalArgumentException(
                    "bins of '" + name + "': the reference range needs both min and max, min <= max");
        }
    }

    /** Bins without a recorded reference range. */
    public Bins(String name, List<Double> cuts, List<Double> proportions) {
        this(name, cuts, proportions, null, null);
    }

    /** The same bins with the reference data's range. */
    public Bins withRange(double low, double high) {
        return new Bins(name, cuts, proportions, low, high);
    }

    /** Whether the reference data's range is known. */
    public boolean hasRange() {
        return min != null;
    }

    /** Number of bins. */
    public int count() {
        return proportions.size();
    }

    /** The bin that holds {@code value}. */
    public int binOf(double value) {
        return binOf(cutArray(), value);
    }

    /**
     * The bin that holds {@code value} among ascending cut points: the one rule of binning, used
     * by training's reference profile and by the hot paths of drift and input-quality monitoring
     * alike. The cuts the value lies at or above, counted over all of them without a branch on
     * the comparison (NaN lies above none): stopping at the first cut above the value mispredicted
     * where the scan stops, which changes from row to row. Counting over all cuts (at most 9 per
     * feature in the shipped model) cost a batch row 1,028-1,044 ns against 1,084 with the scan
     * (JMH {@code InferBatchBenchmark.validateDecideMonitor}).
     */
    public static int binOf(double[] cuts, double value) {
        int bin = 0;
        for (double cut : cuts) {
            bin += value >= cut ? 1 : 0;
        }
        return bin;
    }

    /** Bin cut points as an array, for hot paths. */
    public double[] cutArray() {
        return cuts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Reference proportions as an array. */
    public double[] proportionArray() {
        return proportions.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
