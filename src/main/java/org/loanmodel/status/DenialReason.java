package org.loanmodel.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A reason given for denials ({@code model_adverse_action_reasons_total{model_version,reason}},
 * summed over versions).
 *
 * @param reason the reason code
 * @param count times it was given since start
 * @param share its part of all reasons given
 */
public record DenialReason(String reason, double count, Double share) {
    static final String REASONS = "model_adverse_action_reasons_total";
    /** Reasons listed, the most frequent first. */
    static final int SHOWN = 8;

    /** The most frequent reasons; {@code null} when the service exports no reasons at all. */
    static List<DenialReason> read(MetricReader metrics) {
        if (!metrics.has(REASONS)) {
            return null;
        }
        Map<String, Double> counts = metrics.sumBy(REASONS, "reason");
        double total = counts.values().stream().mapToDouble(Double::doubleValue).sum();
        List<DenialReason> reasons = new ArrayList<>();
        counts.forEach((reason, count) -> {
            if (count > 0) {
                reasons.add(new DenialReason(reason, count, Values.ratio(count, total)));
            }
        });
        reasons.sort(Comparator.comparingDouble(DenialReason::count).reversed().thenComparing(DenialReason::reason));
        return reasons.size() > SHOWN ? List.copyOf(reasons.subList(0, SHOWN)) : reasons;
    }
}
