package org.loanmodel.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.loanmodel.model.Bins;
import org.loanmodel.model.FeatureKind;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.ReferenceProfile;

/**
 * Freezes what the training data looks like: decile bins for numeric features, one bin per code for
 * categorical features, and ten equal-width bins for the prediction score; each feature also keeps
 * the smallest and largest value training saw, so the service can tell values beyond them.
 */
public final class ReferenceProfiler {
    private static final int QUANTILE_BINS = 10;

    private ReferenceProfiler() {}

    /**
     * @param schema the features, in the order of each row of {@code rows}
     * @param rows training feature values, one array per row
     * @param scores approval probabilities of holdout rows
     */
    public static ReferenceProfile profile(FeatureSchema schema, List<double[]> rows, double[] scores) {
        return profile(schema, rows, scores, 0);
    }

    /**
     * Like {@link #profile(FeatureSchema, List, double[])}, but a non-categorical feature whose
     * values are all whole numbers, at most {@code maxValueBins} distinct ones, gets one bin per
     * value instead of deciles (a count such as inquiries or dependants, whose deciles would merge).
     */
    public static ReferenceProfile profile(
            FeatureSchema schema, List<double[]> rows, double[] scores, int maxValueBins) {
        List<Bins> features = new ArrayList<>();
        for (int f = 0; f < schema.size(); f++) {
            int index = f;
            double[] values = rows.stream().mapToDouble(row -> row[index]).toArray();
            FeatureSpec spec = schema.feature(f);
            List<Double> distinct = distinctWholeValues(values, maxValueBins);
            List<Double> cuts;
            if (spec.kind() == FeatureKind.CATEGORY) {
                cuts = midpoints(spec.categories());
            } else if (distinct != null) {
                cuts = midpoints(distinct);
            } else {
                cuts = quantileCuts(values);
            }
            features.add(withRange(binned(spec.name(), cuts, values), values));
        }
        List<Double> scoreCuts = new ArrayList<>();
        for (int i = 1; i < QUANTILE_BINS; i++) {
            scoreCuts.add(i / (double) QUANTILE_BINS);
        }
        return new ReferenceProfile(features, binned(ReferenceProfile.SCORE, scoreCuts, scores));
    }

    /**
     * The distinct present values, ascending, when they are all whole numbers and at most {@code
     * limit} of them; otherwise (or with no present value) {@code null}.
     */
    static List<Double> distinctWholeValues(double[] values, int limit) {
        java.util.TreeSet<Double> distinct = new java.util.TreeSet<>();
        for (double value : values) {
            if (Double.isNaN(value)) {
                continue;
            }
            distinct.add(value);
            if (value != Math.rint(value) || distinct.size() > limit) {
                return null;
            }
        }
        return distinct.isEmpty() ? null : List.copyOf(distinct);
    }

    /** Cut points between consecutive codes, so each code gets its own bin. */
    static List<Double> midpoints(List<Double> codes) {
        List<Double> cuts = new ArrayList<>();
        for (int i = 1; i < codes.size(); i++) {
            cuts.add((codes.get(i - 1) + codes.get(i)) / 2);
        }
        return cuts;
    }

    /**
     * Decile cut points; duplicates (ties) and cuts at the minimum are dropped so that no
     * reference bin is empty.
     */
    static List<Double> quantileCuts(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        List<Double> cuts = new ArrayList<>();
        for (int i = 1; i < QUANTILE_BINS; i++) {
            double cut = sorted[(int) ((long) i * sorted.length / QUANTILE_BINS)];
            boolean rising = cuts.isEmpty() ? cut > sorted[0] : cut > cuts.get(cuts.size() - 1);
            if (rising) {
                cuts.add(cut);
            }
        }
        return cuts;
    }

    /** The bins with the range of the present values; an absent optional feature ({@code NaN}) has none. */
    private static Bins withRange(Bins bins, double[] values) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            if (!Double.isNaN(value)) {
                low = Math.min(low, value);
                high = Math.max(high, value);
            }
        }
        return low <= high ? bins.withRange(low, high) : bins;
    }

    private static Bins binned(String name, List<Double> cuts, double[] values) {
        Bins shape = new Bins(name, cuts, uniform(cuts.size() + 1));
        long[] counts = new long[shape.count()];
        for (double value : values) {
            counts[shape.binOf(value)]++;
        }
        List<Double> proportions = new ArrayList<>();
        for (long count : counts) {
            proportions.add((double) count / values.length);
        }
        return new Bins(name, cuts, proportions);
    }

    private static List<Double> uniform(int bins) {
        List<Double> proportions = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            proportions.add(1.0 / bins);
        }
        return proportions;
    }
}
