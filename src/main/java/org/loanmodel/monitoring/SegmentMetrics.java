package org.loanmodel.monitoring;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.loanmodel.model.ConfusionCell;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.segments.MonitoringAttributes;
import org.loanmodel.segments.Segment;
import org.loanmodel.segments.Segments;

/**
 * Fair-lending counters: decisions by segment, group and class, and labelled outcomes by segment,
 * group and confusion cell, from which PromQL computes approval rates, adverse impact ratios and
 * true- and false-positive rates per group over any window and across replicas.
 *
 * <p>Every data point of the served version is created up front (segments times groups times
 * classes or cells: a bounded set fixed by the configuration), so recording only increments.
 */
public final class SegmentMetrics {
    private final Segments segments;
    private final Counter feedback;
    /** [segment][group][class]. */
    private final CounterDataPoint[][][] decisions;
    /** Version to [segment][group][cell]. */
    private final Map<String, CounterDataPoint[][][]> outcomesByVersion = new ConcurrentHashMap<>();

    SegmentMetrics(MetricBuilders metrics, Segments segments, String servedVersion) {
        this.segments = segments;
        Counter decided = metrics.counter(
                "model_segment_decisions_total",
                "Decisions by segment (a band of a feature or a monitoring attribute), group and class.",
                "model_version",
                "segment",
                "group",
                "class");
        decisions = new CounterDataPoint[segments.size()][][];
        for (int s = 0; s < segments.size(); s++) {
            Segment segment = segments.get(s);
            List<String> groups = segment.groups();
            decisions[s] = new CounterDataPoint[groups.size()][2];
            for (int g = 0; g < groups.size(); g++) {
                for (int approval = 0; approval < 2; approval++) {
                    decisions[s][g][approval] = decided.labelValues(
                            servedVersion, segment.name(), groups.get(g), Integer.toString(approval));
                }
            }
        }
        feedback = metrics.counter(
                "model_segment_feedback_total",
                "Outcomes joined to logged decisions by segment, group and confusion cell, the group read from the"
                        + " logged decision; counted once per prediction, with model_feedback_total.",
                "model_version",
                "segment",
                "group",
                "outcome");
        outcomesOf(servedVersion);
    }

    private CounterDataPoint[][][] outcomesOf(String version) {
        return outcomesByVersion.computeIfAbsent(version, v -> {
            CounterDataPoint[][][] points = new CounterDataPoint[segments.size()][][];
            for (int s = 0; s < segments.size(); s++) {
                Segment segment = segments.get(s);
                List<String> groups = segment.groups();
                points[s] = new CounterDataPoint[groups.size()][ConfusionCell.values().length];
                for (int g = 0; g < groups.size(); g++) {
                    for (ConfusionCell cell : ConfusionCell.values()) {
                        points[s][g][cell.ordinal()] =
                                feedback.labelValues(v, segment.name(), groups.get(g), cell.code());
                    }
                }
            }
            return points;
        });
    }

    /** One answered decision, in the group of each segment its features and attributes fall in. */
    public void recordDecision(LoanApplication application, MonitoringAttributes attributes, Decision decision) {
        recordDecisions(List.of(application), attributes, List.of(decision));
    }

    /**
     * The answered decisions of one request, whose attributes all rows share, each in the group of
     * each segment it falls in; every counter moves once by the batch's count.
     */
    public void recordDecisions(
            List<LoanApplication> applications, MonitoringAttributes attributes, List<Decision> decided) {
        for (int s = 0; s < decisions.length; s++) {
            Segment segment = segments.get(s);
            // Group g's denials at 2g, its approvals at 2g + 1: one array per segment and request.
            long[] counts = new long[2 * decisions[s].length];
            for (int row = 0; row < decided.size(); row++) {
                counts[
                        2 * segment.groupOf(applications.get(row), attributes)
                                + decided.get(row).approvalStatus()]++;
            }
            for (int g = 0; g < decisions[s].length; g++) {
                for (int approval = 0; approval < 2; approval++) {
                    if (counts[2 * g + approval] > 0) {
                        decisions[s][g][approval].inc(counts[2 * g + approval]);
                    }
                }
            }
        }
    }

    /**
     * An outcome joined to a logged decision for the first time, counted in the groups of the
     * decision as logged.
     *
     * @param decidingVersion the version of the model that decided, as logged
     * @param features the logged features in schema order
     * @param attributes the logged monitoring attributes
     */
    public void recordOutcome(
            String decidingVersion, List<Double> features, Map<String, String> attributes, ConfusionCell cell) {
        if (segments.size() == 0) {
            return;
        }
        CounterDataPoint[][][] points = outcomesOf(FeedbackMetrics.versionLabel(decidingVersion));
        for (int s = 0; s < points.length; s++) {
            points[s][segments.get(s).groupOf(features, attributes)][cell.ordinal()].inc();
        }
    }
}
