package org.loanmodel.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricSamplesTest {
    private static final String EXPOSITION = String.join(
            "\n",
            "# HELP model_requests_total Prediction requests received.",
            "# TYPE model_requests_total counter",
            "model_requests_total 6.0",
            "# TYPE model_errors_total counter",
            "model_errors_total{reason=\"internal\"} 0.0",
            "model_errors_total{reason=\"invalid_input\"} 5.0",
            "# TYPE model_prediction_latency_seconds histogram",
            "model_prediction_latency_seconds_bucket{le=\"+Inf\"} 1",
            "model_prediction_latency_seconds_count 1",
            "# TYPE model_accuracy gauge",
            "model_accuracy NaN",
            "# TYPE odd gauge",
            "odd{path=\"a \\\"quoted\\\" } value\",z=\"\\\\\"} 2 1700000000000",
            "");

    private final MetricSamples samples = MetricSamples.parse(EXPOSITION);

    @Test
    void declaresTheFamiliesOfTheTypeLines() {
        assertThat(samples.families())
                .containsExactly(
                        Map.entry("model_requests_total", "counter"),
                        Map.entry("model_errors_total", "counter"),
                        Map.entry("model_prediction_latency_seconds", "histogram"),
                        Map.entry("model_accuracy", "gauge"),
                        Map.entry("odd", "gauge"));
        assertThat(samples.hasFamily("model_prediction_latency_seconds")).isTrue();
        assertThat(samples.hasFamily("model_prediction_latency_seconds_count")).isFalse();
    }

    @Test
    void findsASampleByItsExactLabels() {
        assertThat(samples.value("model_errors_total", "reason", "invalid_input"))
                .hasValue(5.0);
        assertThat(samples.value("model_errors_total")).isEmpty();
        assertThat(samples.value("model_requests_total")).hasValue(6.0);
        assertThat(samples.value("model_accuracy").getAsDouble()).isNaN();
    }

    @Test
    void sumsEverySampleThatHasTheGivenLabels() {
        assertThat(samples.sum("model_errors_total")).isEqualTo(5.0);
        assertThat(samples.sum("model_errors_total", "reason", "internal")).isEqualTo(0.0);
        assertThat(samples.sum("model_prediction_latency_seconds_bucket", "le", "+Inf"))
                .isEqualTo(1.0);
        assertThat(samples.sum("absent_total")).isEqualTo(0.0);
    }

    @Test
    void unescapesLabelValuesAndIgnoresTimestamps() {
        assertThat(samples.value("odd", "path", "a \"quoted\" } value", "z", "\\"))
                .hasValue(2.0);
    }

    @Test
    void namesTheLineThatIsNotASample() {
        assertThatThrownBy(() -> MetricSamples.parse("# TYPE x counter\nx_total{a=\"1\"}\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 2 of the scrape is not a sample: x_total{a=\"1\"}");
    }
}
