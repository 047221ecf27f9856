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
    void hasRowsForFairLendingOverridesAndDataQualityOverTheirRecordingRules() {
        Set<String> read = new TreeSet<>();
        GrafanaDashboard.queries().forEach(query -> read.addAll(PromQl.metricNames(query.expr())));
        List<String> rows = GrafanaDashboard.panels().stream()
                .filter(panel -> panel.get("type").asText().equals("row"))
                .map(panel -> panel.get("title").asText())
                .toList();

        assertThat(rows)
                .containsExactly(
                        "Serving",
                        "Model quality (delayed labels)",
                        "Drift against the training data",
                        "Fair lending: approval by segment",
                        "Human review: overrides",
                        "Data quality");
        assertThat(read)
                .contains(
                        "model:segment_approval_rate:ratio_rate1h",
                        "model:adverse_impact:ratio_rate1h",
                        "model:segment_decisions:increase1h",
                        "model:segment_true_positive_rate:ratio_to_max_rate1d",
                        "model:segment_false_positive_rate:ratio_to_max_rate1d",
                        "model:override_rate:ratio_rate1d",
                        "model:override_rate_by_direction:ratio_rate1d",
                        "model:final_decisions:increase1d",
                        "model:input_out_of_reference:ratio_rate1h",
                        "model:input_unseen_code:increase1h",
                        "model:input_missing:ratio_rate1h",
                        "model:estimated_precision:ratio_rate1h",
                        "model:estimated_recall:ratio_rate1h");
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
