package org.loanmodel.monitoring;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Human review: the lender's final decisions by the version of the model that decided and by how
 * they relate to the model's decision as logged, counted once per prediction.
 */
public final class OverrideMetrics {
    private final Counter finalDecisions;
    private final Map<String, CounterDataPoint[]> byVersion = new ConcurrentHashMap<>();

    OverrideMetrics(MetricBuilders metrics, String servedVersion) {
        finalDecisions = metrics.counter(
                "model_final_decisions_total",
                "Final decisions of the lender after human review, by how they relate to the logged model decision:"
                        + " none, model_approved_lender_denied, model_denied_lender_approved; once per prediction.",
                "model_version",
                "override");
        directionsOf(servedVersion);
    }

    private CounterDataPoint[] directionsOf(String version) {
        return byVersion.computeIfAbsent(version, v -> {
            CounterDataPoint[] points = new CounterDataPoint[OverrideDirection.values().length];
            for (OverrideDirection direction : OverrideDirection.values()) {
                points[direction.ordinal()] = finalDecisions.labelValues(v, direction.code());
            }
            return points;
        });
    }

    /**
     * A final decision recorded for the first time.
     *
     * @param decidingVersion the version of the model that decided, as logged
     */
    public void recordFinalDecision(String decidingVersion, OverrideDirection direction) {
        directionsOf(FeedbackMetrics.versionLabel(decidingVersion))[direction.ordinal()].inc();
    }
}
