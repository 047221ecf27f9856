package org.loanmodel.monitoring;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.List;
import org.loanmodel.model.Bins;
import org.loanmodel.model.FeatureKind;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.ReferenceProfile;

/**
 * What the upstream sends, judged against the training data before drift shows it: values below or
 * above the range training saw (numeric features whose reference bins record it), codes the schema
 * accepts but training never had (a coded feature's reference bin with proportion 0), and absent
 * optional features.
 *
 * <p>Data points exist for every feature a counter applies to, so rates work from the first
 * scrape; a feature whose reference records no range, or a required one, stays at 0.
 */
public final class InputQualityMetrics {
    private final double[] min;
    private final double[] max;
    private final double[][] cuts;
    private final boolean[][] unseenBin;
    private final CounterDataPoint[] below;
    private final CounterDataPoint[] above;
    private final CounterDataPoint[] unseen;
    private final CounterDataPoint[] missing;

    InputQualityMetrics(MetricBuilders metrics, FeatureSchema schema, ReferenceProfile reference) {
        int features = schema.size();
        min = new double[features];
        max = new double[features];
        cuts = new double[features][];
        unseenBin = new boolean[features][];
        below = new CounterDataPoint[features];
        above = new CounterDataPoint[features];
        unseen = new CounterDataPoint[features];
        missing = new CounterDataPoint[features];
        Counter outOfReference = metrics.counter(
                "model_input_out_of_reference_total",
                "Decisions whose feature value lay below or above the range of the training data.",
                "feature",
                "side");
        Counter unseenCodes = metrics.counter(
                "model_input_unseen_code_total",
                "Decisions whose coded feature had a code the schema accepts but the training data never had.",
                "feature");
        Counter absent = metrics.counter(
                "model_input_missing_total", "Decisions whose request left the (optional) feature out.", "feature");
        for (int f = 0; f < features; f++) {
            FeatureSpec spec = schema.feature(f);
            Bins bins = reference.features().get(f);
            min[f] = bins.hasRange() ? bins.min() : Double.NEGATIVE_INFINITY;
            max[f] = bins.hasRange() ? bins.max() : Double.POSITIVE_INFINITY;
            missing[f] = absent.labelValues(spec.name());
            if (spec.kind() == FeatureKind.CATEGORY) {
                cuts[f] = bins.cutArray();
                double[] proportions = bins.proportionArray();
                unseenBin[f] = new boolean[proportions.length];
                for (int bin = 0; bin < proportions.length; bin++) {
                    unseenBin[f][bin] = proportions[bin] == 0;
                }
                unseen[f] = unseenCodes.labelValues(spec.name());
            } else {
                below[f] = outOfReference.labelValues(spec.name(), "below");
                above[f] = outOfReference.labelValues(spec.name(), "above");
            }
        }
    }

    /** The inputs of one answered decision. */
    public void record(LoanApplication application) {
        recordAll(List.of(application));
    }

    /** The inputs of the answered decisions of one request; each counter moves once by the batch's count. */
    public void recordAll(List<LoanApplication> applications) {
        int features = missing.length;
        // Per feature f: absent at 4f, an unseen code at 4f + 1, below at 4f + 2, above at 4f + 3.
        long[] counts = new long[4 * features];
        for (LoanApplication application : applications) {
            for (int f = 0; f < features; f++) {
                double value = application.value(f);
                if (Double.isNaN(value)) {
                    counts[4 * f]++;
                } else if (unseen[f] != null) {
                    if (unseenBin[f][Bins.binOf(cuts[f], value)]) {
                        counts[4 * f + 1]++;
                    }
                } else if (value < min[f]) {
                    counts[4 * f + 2]++;
                } else if (value > max[f]) {
                    counts[4 * f + 3]++;
                }
            }
        }
        for (int f = 0; f < features; f++) {
            incrementBy(missing[f], counts[4 * f]);
            incrementBy(unseen[f], counts[4 * f + 1]);
            incrementBy(below[f], counts[4 * f + 2]);
            incrementBy(above[f], counts[4 * f + 3]);
        }
    }

    private static void incrementBy(CounterDataPoint counter, long count) {
        if (count > 0) {
            counter.inc(count);
        }
    }
}
