package org.loanmodel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard reads only what exists: metrics the service exports or series the recording rules
 * define ({@link PrometheusEndToEndTest} also evaluates every query on a real Prometheus).
 */
class GrafanaDashboardTest {
    @Test
    void everyQueryReadsOnlyExportedMetricsOrRecordedSeries(@TempDir Path folder) {
        Set<String> known = new TreeSet<>(ExportedMetrics.sampleNames(folder));
        known.addAll(ExportedMetrics.PROMETHEUS_SYNTHETIC);
        known.addAll(RuleFiles.recordNames());

        for (GrafanaDashboard.Query query : GrafanaDashboard.queries()) {
            assertThat(known)
                    .as("panel '%s': %s", query.panel(), query.expr())
                    .containsAll(PromQl.metricNames(query.expr()));
        }
    }

    @Test
    void showsTrafficErrorsLatencyClassesAccuracyDriftAndLabelDelay() {
        Set<String> read = new TreeSet<>();
        GrafanaDashboard.queries().forEach(query -> read.addAll(PromQl.metricNames(query.expr())));

        assertThat(read)
                .contains(
                        "model:requests:rate5m",
                        "model:errors:ratio_rate5m",
                        "model:prediction_latency_seconds:p99_rate5m",
                        "model_predictions_by_class_total",
                        "model:accuracy:ratio_rate1h",
                        "model:estimated_accuracy:ratio_rate1h",
                        "model:drift_psi:increase1h",
                        "model_label_delay_seconds_bucket");
    }

    @Test
    void everyPanelHasAUniqueIdAndQueriesTheChosenPrometheus() {
        List<JsonNode> panels = GrafanaDashboard.panels();

        assertThat(panels).extracting(panel -> panel.get("id").asInt()).doesNotHaveDuplicates();
        panels.stream()
                .filter(panel -> !panel.get("type").asText().equals("row"))
                .forEach(panel -> {
                    assertThat(panel.at("/datasource/uid").asText())
                            .as(panel.get("title").asText())
                            .isEqualTo("${datasource}");
                    assertThat(panel.get("targets")).isNotEmpty();
                });
        assertThat(GrafanaDashboard.read().at("/templating/list/0/name").asText())
                .isEqualTo("datasource");
    }

    @Test
    void queriesUseNoGrafanaVariablesSoPrometheusCanEvaluateThemAsTheyAre() {
        assertThat(GrafanaDashboard.queries())
                .extracting(GrafanaDashboard.Query::expr)
                .allSatisfy(expr -> assertThat(expr).doesNotContain("$"));
    }
}
