package org.loanmodel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric-name lexer that the rule and dashboard checks rely on. */
class PromQlTest {
    @Test
    void findsMetricsButNotFunctionsLabelsRangesOrNumbers() {
        assertThat(
                        PromQl.metricNames(
                                "histogram_quantile(0.99, sum by (le) (rate(model_prediction_latency_seconds_bucket{job=\"x\"}[5m])))"))
                .containsExactly("model_prediction_latency_seconds_bucket");
    }

    @Test
    void findsRecordsAndBothSidesOfBinaryOperations() {
        assertThat(PromQl.metricNames("model:accuracy:ratio_rate1h < 0.8 and on (model_version)"
                        + " model:feedback:increase1h >= 50"))
                .containsExactly("model:accuracy:ratio_rate1h", "model:feedback:increase1h");
    }

    @Test
    void ignoresStringsScientificNumbersAndOffsets() {
        assertThat(PromQl.metricNames("round(label_replace(up, \"a\", \"b_c\", \"d\", \".*\") * 1e9)"
                        + " + up offset 5m - scrape_duration_seconds unless bool nan"))
                .containsExactly("scrape_duration_seconds", "up");
    }
}
