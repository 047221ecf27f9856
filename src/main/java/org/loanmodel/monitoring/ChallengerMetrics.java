package org.loanmodel.monitoring;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Info;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.loanmodel.model.LoanModel;

/**
 * Challengers scoring in the champion's shadow: how often each agrees with the champion's decision,
 * and which model is champion ({@code model_info}). A challenger's score never counts as a user's
 * decision: it is in none of the request, class or latency metrics. Its real quality comes from
 * {@code model_feedback_total{model_version}} once outcomes arrive.
 */
public final class ChallengerMetrics {
    private final Counter decisions;
    private final Info info;
    private final Map<String, CounterDataPoint[]> byVersion = new ConcurrentHashMap<>();
    private String[] infoLabels;

    ChallengerMetrics(MetricBuilders metrics, Info info, String[] infoLabels) {
        this.decisions = metrics.counter(
                "model_challenger_decisions_total",
                "Requests a challenger scored in the champion's shadow, by whether its decision agreed with the"
                        + " champion's.",
                "model_version",
                "agreement");
        this.info = info;
        this.infoLabels = infoLabels;
    }

    /** One challenger's decision beside the champion's. */
    public void recordShadow(String challengerVersion, boolean agrees) {
        recordShadows(challengerVersion, agrees ? 1 : 0, agrees ? 0 : 1);
    }

    /** One challenger's decisions beside the champion's for the rows of one request. */
    public void recordShadows(String challengerVersion, long agreeing, long disagreeing) {
        CounterDataPoint[] points = byVersion.computeIfAbsent(challengerVersion, v ->
                new CounterDataPoint[] {decisions.labelValues(v, "disagrees"), decisions.labelValues(v, "agrees")});
        if (agreeing > 0) {
            points[1].inc(agreeing);
        }
        if (disagreeing > 0) {
            points[0].inc(disagreeing);
        }
    }

    /** The champion changed: {@code model_info} names the new one. */
    public synchronized void championIs(LoanModel champion) {
        String[] labels = {
            champion.version(),
            champion.metadata().algorithm(),
            champion.metadata().createdAt()
        };
        if (java.util.Arrays.equals(labels, infoLabels)) {
            return;
        }
        info.remove(infoLabels);
        info.setLabelValues(labels);
        infoLabels = labels;
    }
}
