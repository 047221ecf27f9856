package org.loanmodel.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Live traffic against the training data, per feature and for the prediction score: the share of
 * decisions in each frozen reference bin since start ({@code model_drift_observations_total})
 * beside the training share ({@code model_drift_reference_ratio}), and the process's own PSI and KS
 * over its sliding window ({@code model_drift_psi}, {@code model_drift_ks}).
 *
 * @param windowObservations decisions in the PSI/KS window ({@code model_drift_window_observations})
 * @param features every feature, the highest PSI first (unknown PSI last)
 * @param predictionScore the model's output, or null when not monitored
 */
public record DriftStatus(Double windowObservations, List<Signal> features, Signal predictionScore) {
    static final String OBSERVATIONS = "model_drift_observations_total";
    static final String REFERENCE = "model_drift_reference_ratio";
    static final String UPPER_BOUND = "model_drift_bin_upper_bound";
    static final String PSI = "model_drift_psi";
    static final String KS = "model_drift_ks";
    static final String WINDOW = "model_drift_window_observations";
    static final String SCORE = "prediction_score";

    /**
     * One monitored signal.
     *
     * @param name the feature, or {@code prediction_score}
     * @param psi population stability index over the window
     * @param ks Kolmogorov-Smirnov distance over the window, at the bin edges
     * @param drifted PSI above {@link StatusThresholds#PSI_DRIFTED} over at least {@link
     *     StatusThresholds#DRIFT_MIN_OBSERVATIONS} decisions, as the drift alert requires
     * @param observations decisions binned since start
     * @param bins the reference bins in order
     */
    public record Signal(String name, Double psi, Double ks, boolean drifted, double observations, List<Bin> bins) {}

    /**
     * One reference bin.
     *
     * @param bin its number, from 0
     * @param upperBound its exclusive upper edge, null for the open last bin
     * @param observations decisions in the bin since start
     * @param liveShare share of the decisions since start in this bin
     * @param referenceShare share of the training data in this bin
     */
    public record Bin(int bin, Double upperBound, double observations, Double liveShare, Double referenceShare) {}

    static DriftStatus read(MetricReader metrics) {
        Set<String> names = new LinkedHashSet<>();
        metrics.points(REFERENCE).forEach(point -> names.add(point.label("feature")));
        names.remove(null);
        double window = metrics.sum(WINDOW);
        List<Signal> features = new ArrayList<>();
        Signal score = null;
        for (String name : names) {
            Signal signal = signal(metrics, name, window);
            if (SCORE.equals(name)) {
                score = signal;
            } else {
                features.add(signal);
            }
        }
        features.sort(Comparator.comparing(
                (Signal s) -> s.psi() == null ? Double.NEGATIVE_INFINITY : s.psi(), Comparator.reverseOrder()));
        return new DriftStatus(Values.known(window), features, score);
    }

    private static Signal signal(MetricReader metrics, String name, double window) {
        List<Integer> numbers = new ArrayList<>();
        for (MetricReader.Point point : metrics.points(REFERENCE)) {
            if (name.equals(point.label("feature"))) {
                numbers.add(Integer.parseInt(point.label("bin")));
            }
        }
        numbers.sort(null);
        double total = 0;
        double[] counts = new double[numbers.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Values.count(binValue(metrics, OBSERVATIONS, name, numbers.get(i)));
            total += counts[i];
        }
        List<Bin> bins = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            int bin = numbers.get(i);
            bins.add(new Bin(
                    bin,
                    Values.known(binValue(metrics, UPPER_BOUND, name, bin)),
                    counts[i],
                    Values.ratio(counts[i], total),
                    Values.known(binValue(metrics, REFERENCE, name, bin))));
        }
        Double psi = Values.known(metrics.value(PSI, "feature", name));
        boolean drifted =
                psi != null && psi > StatusThresholds.PSI_DRIFTED && window >= StatusThresholds.DRIFT_MIN_OBSERVATIONS;
        return new Signal(name, psi, Values.known(metrics.value(KS, "feature", name)), drifted, total, bins);
    }

    private static double binValue(MetricReader metrics, String family, String feature, int bin) {
        String label = Integer.toString(bin);
        return metrics.sum(family, point -> feature.equals(point.label("feature")) && label.equals(point.label("bin")));
    }
}
