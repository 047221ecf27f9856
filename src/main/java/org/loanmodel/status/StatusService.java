package org.loanmodel.status;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Assembles the {@link StatusReport} from one scrape of the registry and the sampler's history.
 * Knows nothing of HTTP; a scrape runs the registry's callbacks, so call it off the event loop.
 */
public final class StatusService {
    private final PrometheusRegistry registry;
    private final TrafficSampler sampler;
    private final Clock clock;

    public StatusService(PrometheusRegistry registry, TrafficSampler sampler, Clock clock) {
        this.registry = registry;
        this.sampler = sampler;
        this.clock = clock;
    }

    public StatusReport report() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        MetricReader metrics = MetricReader.of(registry.scrape());
        TrafficHistory history = sampler.history();
        List<ModelVersion> models = ModelVersion.read(metrics);
        TrafficStatus traffic = TrafficStatus.read(metrics, history, sampler.failedSamples());
        QualityStatus quality = QualityStatus.read(metrics, models);
        DriftStatus drift = DriftStatus.read(metrics);
        List<SegmentStatus> segments = SegmentStatus.read(metrics);
        LogStatus log = LogStatus.read(metrics, history);
        return new StatusReport(
                now.toString(),
                models,
                traffic,
                quality,
                drift,
                DenialReason.read(metrics),
                segments,
                log,
                Warnings.of(traffic, quality, drift, segments, log));
    }
}
