package org.loanmodel.status;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One scrape of the registry looked up by the names the exposition shows ({@code
 * model_requests_total}, {@code model_info}), so the status page depends on the metric contract
 * alone, not on the classes that register the metrics.
 */
final class MetricReader {
    /**
     * One sample: its labels and value (1 for an info metric).
     *
     * @param labels the sample's labels
     * @param value its value
     */
    record Point(Labels labels, double value) {
        /** The label's value, or {@code null} when the sample has no such label. */
        String label(String name) {
            return labels.contains(name) ? labels.get(name) : null;
        }
    }

    /**
     * A classic histogram summed over its label sets.
     *
     * @param upperBounds bucket upper bounds, ascending, the last one +Inf
     * @param counts observations per bucket (not cumulative)
     */
    record Buckets(double[] upperBounds, double[] counts) {
        double total() {
            double total = 0;
            for (double count : counts) {
                total += count;
            }
            return total;
        }
    }

    private final Map<String, MetricSnapshot> byName;

    private MetricReader(Map<String, MetricSnapshot> byName) {
        this.byName = byName;
    }

    static MetricReader of(MetricSnapshots snapshots) {
        Map<String, MetricSnapshot> byName = new LinkedHashMap<>();
        for (MetricSnapshot snapshot : snapshots) {
            byName.put(exposedName(snapshot), snapshot);
        }
        return new MetricReader(byName);
    }

    /** The family name as the text format writes it: counters end in _total, info metrics in _info. */
    private static String exposedName(MetricSnapshot snapshot) {
        String name = snapshot.getMetadata().getPrometheusName();
        if (snapshot instanceof CounterSnapshot) {
            return name + "_total";
        }
        if (snapshot instanceof InfoSnapshot) {
            return name + "_info";
        }
        return name;
    }

    /**
     * A filter for {@code PrometheusRegistry.scrape(Predicate)} that keeps the given exposed names;
     * the registry asks with the base name ({@code model_requests}) or the name a metric was built
     * with ({@code model_requests_total}).
     */
    static Predicate<String> only(Set<String> exposedNames) {
        return name -> exposedNames.contains(name)
                || exposedNames.contains(name + "_total")
                || exposedNames.contains(name + "_info");
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    /** Exposed names of every family in the scrape. */
    Set<String> names() {
        return byName.keySet();
    }

    /** The samples of a counter, gauge, info or untyped family; empty when absent. */
    List<Point> points(String name) {
        MetricSnapshot snapshot = byName.get(name);
        List<Point> points = new ArrayList<>();
        if (snapshot == null) {
            return points;
        }
        for (DataPointSnapshot point : snapshot.getDataPoints()) {
            Double value = valueOf(point);
            if (value != null) {
                points.add(new Point(point.getLabels(), value));
            }
        }
        return points;
    }

    private static Double valueOf(DataPointSnapshot point) {
        if (point instanceof CounterSnapshot.CounterDataPointSnapshot counter) {
            return counter.getValue();
        }
        if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot gauge) {
            return gauge.getValue();
        }
        if (point instanceof UnknownSnapshot.UnknownDataPointSnapshot unknown) {
            return unknown.getValue();
        }
        if (point instanceof InfoSnapshot.InfoDataPointSnapshot) {
            return 1.0;
        }
        return null;
    }

    /** Sum of every sample of the family; NaN when the family is absent. */
    double sum(String name) {
        return sum(name, point -> true);
    }

    /** Sum of the samples that pass {@code filter}; NaN when the family is absent. */
    double sum(String name, Predicate<Point> filter) {
        if (!has(name)) {
            return Double.NaN;
        }
        double sum = 0;
        for (Point point : points(name)) {
            if (filter.test(point)) {
                sum += point.value();
            }
        }
        return sum;
    }

    /** The value of the sample whose label {@code label} is {@code value}; NaN when there is none. */
    double value(String name, String label, String value) {
        for (Point point : points(name)) {
            if (value.equals(point.label(label))) {
                return point.value();
            }
        }
        return Double.NaN;
    }

    /** Sums of the family's samples grouped by one label's value, in label order. */
    Map<String, Double> sumBy(String name, String label) {
        Map<String, Double> sums = new TreeMap<>();
        for (Point point : points(name)) {
            String key = point.label(label);
            if (key != null) {
                sums.merge(key, point.value(), Double::sum);
            }
        }
        return sums;
    }

    /** The classic buckets of a histogram summed over label sets; {@code null} when absent. */
    Buckets buckets(String name) {
        if (!(byName.get(name) instanceof HistogramSnapshot histogram)
                || histogram.getDataPoints().isEmpty()) {
            return null;
        }
        double[] bounds = null;
        double[] counts = null;
        for (HistogramSnapshot.HistogramDataPointSnapshot point : histogram.getDataPoints()) {
            ClassicHistogramBuckets buckets = point.getClassicBuckets();
            if (bounds == null) {
                bounds = new double[buckets.size()];
                counts = new double[buckets.size()];
                for (int i = 0; i < bounds.length; i++) {
                    bounds[i] = buckets.getUpperBound(i);
                }
            }
            for (int i = 0; i < Math.min(counts.length, buckets.size()); i++) {
                counts[i] += buckets.getCount(i);
            }
        }
        return bounds == null || bounds.length == 0 ? null : new Buckets(bounds, counts);
    }
}
