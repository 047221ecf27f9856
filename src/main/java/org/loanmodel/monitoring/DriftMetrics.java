package org.loanmodel.monitoring;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.loanmodel.model.Bins;
import org.loanmodel.model.ReferenceProfile;

/**
 * Drift against the frozen reference bins: decisions by signal and bin (PSI over any window and
 * across replicas is a recording rule over these counters), the reference itself, and this
 * process's own sliding-window PSI and KS.
 *
 * <p>Signals are the reference profile's: the features in schema order, then the prediction score.
 */
public final class DriftMetrics {
    private final MetricBuilders metrics;
    private final List<Bins> signals;
    private final CounterDataPoint[][] observations;

    DriftMetrics(MetricBuilders metrics, ReferenceProfile reference) {
        this.metrics = metrics;
        this.signals = reference.signals();
        Counter counter = metrics.counter(
                "model_drift_observations_total",
                "Decisions by signal (feature or prediction_score) and frozen reference bin.",
                "feature",
                "bin");
        observations = new CounterDataPoint[signals.size()][];
        for (int signal = 0; signal < signals.size(); signal++) {
            Bins bins = signals.get(signal);
            observations[signal] = new CounterDataPoint[bins.count()];
            for (int bin = 0; bin < bins.count(); bin++) {
                observations[signal][bin] = counter.labelValues(bins.name(), Integer.toString(bin));
            }
        }
        metrics.callbackGauge(
                "model_drift_reference_ratio",
                "Share of the training data in each reference bin, the baseline of the PSI.",
                callback -> eachBin(callback, Bins::proportions),
                "feature",
                "bin");
        metrics.callbackGauge(
                "model_drift_bin_upper_bound",
                "Exclusive upper edge of each reference bin (+Inf for the last bin).",
                callback -> eachBin(callback, DriftMetrics::upperBounds),
                "feature",
                "bin");
    }

    private static List<Double> upperBounds(Bins bins) {
        List<Double> edges = new ArrayList<>(bins.cuts());
        edges.add(Double.POSITIVE_INFINITY);
        return edges;
    }

    /** Reports one sample per signal and bin, {@code valueOfBin} giving the values in bin order. */
    private void eachBin(GaugeWithCallback.Callback callback, Function<Bins, List<Double>> valueOfBin) {
        for (Bins bins : signals) {
            List<Double> values = valueOfBin.apply(bins);
            for (int bin = 0; bin < bins.count(); bin++) {
                callback.call(values.get(bin), bins.name(), Integer.toString(bin));
            }
        }
    }

    /** The signals counted, with their reference bins. */
    List<Bins> signals() {
        return signals;
    }

    /**
     * Decisions, binned: {@code counts[s][b]} of them fell into reference bin {@code b} of signal
     * {@code s}. Called by {@link DriftMonitor}, which owns the array.
     */
    void recordBinCounts(long[][] counts) {
        for (int signal = 0; signal < counts.length; signal++) {
            for (int bin = 0; bin < counts[signal].length; bin++) {
                if (counts[signal][bin] > 0) {
                    observations[signal][bin].inc(counts[signal][bin]);
                }
            }
        }
    }

    /** Publishes the sliding-window PSI and KS of {@code drift}, read at each scrape. */
    public void watch(DriftMonitor drift) {
        perSignal(
                "model_drift_psi",
                "Population stability index of each signal over this process's sliding window (0.1 warn,"
                        + " 0.25 alert).",
                drift,
                DriftMonitor.SignalDrift::psi);
        perSignal(
                "model_drift_ks",
                "Kolmogorov-Smirnov distance of each signal over this process's sliding window, at the"
                        + " reference bin edges.",
                drift,
                DriftMonitor.SignalDrift::ks);
        metrics.callbackGauge(
                "model_drift_window_observations",
                "Decisions in the sliding window behind model_drift_psi and model_drift_ks.",
                callback -> {
                    List<DriftMonitor.SignalDrift> window = drift.snapshot();
                    callback.call(window.isEmpty() ? 0 : window.get(0).observations());
                });
    }

    private void perSignal(
            String name, String help, DriftMonitor drift, ToDoubleFunction<DriftMonitor.SignalDrift> statistic) {
        metrics.callbackGauge(
                name,
                help,
                callback -> drift.snapshot()
                        .forEach(signal -> callback.call(statistic.applyAsDouble(signal), signal.name())),
                "feature");
    }
}
