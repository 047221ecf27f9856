package org.loanmodel.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model version the metrics speak of: the ones {@code model_info} announces, then any other that
 * decided a labelled prediction ({@code model_feedback_total}).
 *
 * @param version the {@code model_version} label
 * @param role the {@code role} label when a metric carries one (e.g. champion, challenger), else null
 * @param algorithm from {@code model_info}, else null
 * @param trainedAt from {@code model_info}, else null
 */
public record ModelVersion(String version, String role, String algorithm, String trainedAt) {
    static final String INFO = "model_info";
    static final String FEEDBACK = "model_feedback_total";

    static List<ModelVersion> read(MetricReader metrics) {
        Map<String, ModelVersion> versions = new LinkedHashMap<>();
        for (MetricReader.Point point : metrics.points(INFO)) {
            String version = point.label("model_version");
            if (version != null) {
                versions.putIfAbsent(
                        version,
                        new ModelVersion(
                                version, point.label("role"), point.label("algorithm"), point.label("trained_at")));
            }
        }
        List<ModelVersion> others = new ArrayList<>();
        for (MetricReader.Point point : metrics.points(FEEDBACK)) {
            String version = point.label("model_version");
            if (version != null
                    && !versions.containsKey(version)
                    && others.stream().noneMatch(v -> v.version().equals(version))) {
                others.add(new ModelVersion(version, point.label("role"), null, null));
            }
        }
        others.sort(java.util.Comparator.comparing(ModelVersion::version));
        List<ModelVersion> all = new ArrayList<>(versions.values());
        all.addAll(others);
        return all;
    }
}
