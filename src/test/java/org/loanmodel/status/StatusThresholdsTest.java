package org.loanmodel.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.loanmodel.testing.Tools;

/** The page's thresholds say what prometheus/alert-rules.yml says, so a warning means "an alert would fire". */
class StatusThresholdsTest {
    private static String expr(String alert) throws IOException {
        Path rules = Tools.projectDir().resolve("prometheus/alert-rules.yml");
        JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(rules.toFile());
        for (JsonNode group : tree.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                if (alert.equals(rule.path("alert").asText())) {
                    return rule.get("expr").asText().replaceAll("\\s+", " ");
                }
            }
        }
        throw new AssertionError("no alert " + alert + " in " + rules);
    }

    @Test
    void driftThresholdsMirrorTheDriftAlerts() throws IOException {
        for (String alert : new String[] {"LoanModelFeatureDrift", "LoanModelPredictionDrift"}) {
            assertThat(expr(alert))
                    .as(alert)
                    .contains("> " + StatusThresholds.PSI_DRIFTED)
                    .contains(">= " + (int) StatusThresholds.DRIFT_MIN_OBSERVATIONS);
        }
    }

    @Test
    void accuracyThresholdsMirrorTheAccuracyAlert() throws IOException {
        assertThat(expr("LoanModelAccuracyLow"))
                .contains("< " + StatusThresholds.ACCURACY_MIN)
                .contains(">= " + (int) StatusThresholds.ACCURACY_MIN_LABELS);
    }

    @Test
    void servingThresholdsMirrorTheErrorAndLatencyAlerts() throws IOException {
        assertThat(expr("LoanModelErrorRatioHigh"))
                .contains("reason!=\"invalid_input\"")
                .contains("> " + StatusThresholds.SERVER_ERROR_RATIO_MAX);
        assertThat(expr("LoanModelLatencyHigh")).contains("> " + StatusThresholds.P99_SECONDS_MAX);
    }
}
