package org.loanmodel.monitoring;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Consumer;

/**
 * The one way the service defines a metric: each method starts from client_java's builder, applies
 * the service's defaults, and registers the metric in the one registry.
 *
 * <p>Defaults:
 *
 * <ul>
 *   <li>no exemplars on counters, gauges and histograms: no tracer supplies span ids to them, and
 *       sampling exemplar candidates cost 3-5% of the event loop under load (BENCHMARKS.md);
 *   <li>no labels unless named; label values are never taken from a request;
 *   <li>{@link #histogram} keeps client_java's default of classic buckets plus a native histogram;
 *       {@link #classicHistogram} has classic buckets only;
 *   <li>callback gauges are read at scrape time, off the event loop, and carry no exemplars by
 *       nature;
 *   <li>a metric without labels is read once when it is made ({@code get}, {@code getCount}), which
 *       is what makes client_java keep its one data point. Otherwise the first update through a
 *       metric does that, and the warm-up's metrics (another registry) had done it long before the
 *       JIT compiled their updates: the real metrics' first update after {@code /ready} took the
 *       branch the compiled code had left out, and C2 spent about 0.6 s of the first second
 *       recompiling {@code PredictionMetrics.recordDecisions} (BENCHMARKS.md, cold start). Reading
 *       changes nothing a scrape shows.
 * </ul>
 */
final class MetricBuilders {
    private final PrometheusRegistry registry;

    MetricBuilders(PrometheusRegistry registry) {
        this.registry = registry;
    }

    Counter counter(String name, String help, String... labelNames) {
        Counter.Builder builder =
                Counter.builder().withoutExemplars().name(name).help(help);
        if (labelNames.length > 0) {
            return builder.labelNames(labelNames).register(registry);
        }
        Counter counter = builder.register(registry);
        counter.get();
        return counter;
    }

    Gauge gauge(String name, String help) {
        Gauge gauge = Gauge.builder().withoutExemplars().name(name).help(help).register(registry);
        gauge.get();
        return gauge;
    }

    /** Classic buckets at {@code upperBounds} and a native histogram. */
    Histogram histogram(String name, String help, double... upperBounds) {
        Histogram histogram = Histogram.builder()
                .withoutExemplars()
                .name(name)
                .help(help)
                .classicUpperBounds(upperBounds)
                .register(registry);
        histogram.getCount();
        return histogram;
    }

    /** Classic buckets at {@code upperBounds} only. */
    Histogram classicHistogram(String name, String help, double... upperBounds) {
        Histogram histogram = Histogram.builder()
                .withoutExemplars()
                .name(name)
                .help(help)
                .classicUpperBounds(upperBounds)
                .classicOnly()
                .register(registry);
        histogram.getCount();
        return histogram;
    }

    /** A gauge whose samples {@code callback} reports at each scrape. */
    GaugeWithCallback callbackGauge(
            String name, String help, Consumer<GaugeWithCallback.Callback> callback, String... labelNames) {
        GaugeWithCallback.Builder builder =
                GaugeWithCallback.builder().name(name).help(help).callback(callback);
        if (labelNames.length > 0) {
            builder.labelNames(labelNames);
        }
        return builder.register(registry);
    }

    Info info(String name, String help, String... labelNames) {
        return Info.builder().name(name).help(help).labelNames(labelNames).register(registry);
    }
}
