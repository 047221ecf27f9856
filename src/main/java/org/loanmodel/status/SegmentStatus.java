package org.loanmodel.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Approval rates by group within one segment, from a counter {@code *_decisions_total{segment,
 * group,class}} (class "1" approved), and the adverse impact ratio: each group's approval rate over
 * the highest group's.
 *
 * @param segment the segment (a feature band or a monitoring attribute)
 * @param groups its groups in label order
 * @param adverseImpactRatio the lowest group's ratio among groups with enough decisions ({@link
 *     StatusThresholds#ADVERSE_IMPACT_MIN_DECISIONS}), null when fewer than two qualify
 */
public record SegmentStatus(String segment, List<Group> groups, Double adverseImpactRatio) {
    static final String SUFFIX = "_decisions_total";

    /**
     * One group of a segment.
     *
     * @param group the group
     * @param decisions decisions since start
     * @param approved approvals since start
     * @param approvalRate approved / decisions
     * @param impactRatio approval rate over the segment's highest (among groups with enough decisions)
     */
    public record Group(String group, double decisions, double approved, Double approvalRate, Double impactRatio) {}

    /** Every segment; {@code null} when no metric with segment, group and class labels exists. */
    static List<SegmentStatus> read(MetricReader metrics) {
        Map<String, Map<String, double[]>> counts = new TreeMap<>();
        boolean found = false;
        for (String name : metrics.names()) {
            if (!name.endsWith(SUFFIX)) {
                continue;
            }
            for (MetricReader.Point point : metrics.points(name)) {
                String segment = point.label("segment");
                String group = point.label("group");
                String decided = point.label("class");
                if (segment == null || group == null || decided == null) {
                    continue;
                }
                found = true;
                double[] tally = counts.computeIfAbsent(segment, s -> new TreeMap<>())
                        .computeIfAbsent(group, g -> new double[2]);
                tally[0] += point.value();
                tally[1] += "1".equals(decided) ? point.value() : 0;
            }
        }
        if (!found) {
            return null;
        }
        List<SegmentStatus> segments = new ArrayList<>();
        counts.forEach((segment, groups) -> segments.add(segment(segment, groups)));
        return segments;
    }

    private static SegmentStatus segment(String segment, Map<String, double[]> groups) {
        double highest = 0;
        int qualified = 0;
        for (double[] tally : groups.values()) {
            if (tally[0] >= StatusThresholds.ADVERSE_IMPACT_MIN_DECISIONS) {
                highest = Math.max(highest, tally[1] / tally[0]);
                qualified++;
            }
        }
        List<Group> list = new ArrayList<>();
        Double lowest = null;
        for (Map.Entry<String, double[]> entry : groups.entrySet()) {
            double[] tally = entry.getValue();
            boolean counted = tally[0] >= StatusThresholds.ADVERSE_IMPACT_MIN_DECISIONS;
            Double ratio = counted ? Values.ratio(tally[1] / tally[0], highest) : null;
            list.add(new Group(entry.getKey(), tally[0], tally[1], Values.ratio(tally[1], tally[0]), ratio));
            if (ratio != null && (lowest == null || ratio < lowest)) {
                lowest = ratio;
            }
        }
        return new SegmentStatus(segment, list, qualified >= 2 ? lowest : null);
    }
}
