package org.loanmodel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/helm/prometheus-values.yaml}, the values for the prometheus-community/prometheus
 * chart. The chart cannot be fetched here, so this checks what the values say: the seed's
 * settings, the shipped rules unchanged, and no scrape job of their own.
 */
class PrometheusValuesTest {
    private final JsonNode values = YamlFiles.read("deploy/helm/prometheus-values.yaml");

    @Test
    void loadTheShippedRulesUnchanged() {
        JsonNode serverFiles = values.get("serverFiles");

        assertThat(serverFiles.get("recording_rules.yml"))
                .as("run deploy/sync-rules.sh")
                .isEqualTo(RuleFiles.recording());
        assertThat(serverFiles.get("alerting_rules.yml"))
                .as("run deploy/sync-rules.sh")
                .isEqualTo(RuleFiles.alerting());
    }

    @Test
    void keepTheSeedsScrapeIntervalAndVolumeSizes() {
        assertThat(values.at("/server/global/scrape_interval").asText()).isEqualTo("15s");
        assertThat(values.at("/server/global/evaluation_interval").asText()).isEqualTo("15s");
        assertThat(values.at("/server/persistentVolume/size").asText()).isEqualTo("4Gi");
        assertThat(values.at("/alertmanager/persistence/size").asText()).isEqualTo("1Gi");
    }

    @Test
    void addNoScrapeJobSoTheAnnotatedPodsAreScrapedOnce() {
        List<String> serverFiles = new ArrayList<>();
        values.get("serverFiles").fieldNames().forEachRemaining(serverFiles::add);

        // prometheus.yml would replace the chart's default jobs; extraScrapeConfigs would add one.
        assertThat(serverFiles).containsExactly("recording_rules.yml", "alerting_rules.yml");
        assertThat(values.has("extraScrapeConfigs")).isFalse();
        assertThat(values.toString()).doesNotContain("scrape_configs", "job_name");
    }
}
