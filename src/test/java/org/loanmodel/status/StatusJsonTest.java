package org.loanmodel.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.testing.MutableClock;

/** {@code /status.json}: every documented field, values read from the metrics by name. */
class StatusJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.250Z");

    private final ContractMetrics metrics = new ContractMetrics();
    private final MutableClock clock = new MutableClock(NOW);
    private final TrafficSampler sampler = new TrafficSampler(metrics.registry, clock);

    private JsonNode status() {
        try {
            return JSON.readTree(StatusJson.write(new StatusService(metrics.registry, sampler, clock).report()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private void servingScenario() {
        metrics.info("aaaaaaaaaaaa", null)
                .feedback("aaaaaaaaaaaa", 40, 5, 45, 10)
                .requests(200, "invalid_input", 4)
                .expectedCorrect(180)
                .labelDelay(30, 30, 120)
                .drift("age", 0.01, 0.02, new double[] {0.5, 0.5}, new double[] {100, 100})
                .drift("income", 0.4, 0.3, new double[] {0.25, 0.5, 0.25}, new double[] {0, 50, 150})
                .drift("prediction_score", 0.05, 0.04, new double[] {0.5, 0.5}, new double[] {90, 110})
                .driftWindow(200)
                .log(200, 3, 1000)
                .committed(197);
    }

    @Test
    void everyDocumentedFieldIsPresent() {
        servingScenario();
        sampler.sample();

        JsonNode status = status();

        assertThat(fields(status))
                .containsExactly(
                        "generated_at",
                        "models",
                        "traffic",
                        "quality",
                        "drift",
                        "denial_reasons",
                        "segments",
                        "prediction_log",
                        "warnings");
        assertThat(fields(status.get("models").get(0))).containsExactly("version", "role", "algorithm", "trained_at");
        assertThat(fields(status.get("traffic")))
                .containsExactly(
                        "window_seconds",
                        "first_second",
                        "requests_total",
                        "errors_total",
                        "requests_in_window",
                        "errors_in_window",
                        "requests_per_second",
                        "errors_per_second",
                        "p50_seconds",
                        "p99_seconds",
                        "server_error_ratio_5m",
                        "p99_seconds_5m",
                        "failed_samples",
                        "series");
        assertThat(fields(status.at("/traffic/series")))
                .containsExactly("requests_per_second", "errors_per_second", "p50_seconds", "p99_seconds");
        assertThat(fields(status.get("quality")))
                .containsExactly(
                        "overall", "by_version", "estimated", "decisions", "label_coverage", "label_delay_p50_seconds");
        assertThat(fields(status.at("/quality/overall")))
                .containsExactly(
                        "version", "role", "labels", "tp", "fp", "tn", "fn", "accuracy", "precision", "recall");
        assertThat(fields(status.at("/quality/estimated")))
                .containsExactly("accuracy", "tp", "fp", "tn", "fn", "precision", "recall");
        assertThat(fields(status.get("drift"))).containsExactly("window_observations", "features", "prediction_score");
        assertThat(fields(status.at("/drift/features/0")))
                .containsExactly("name", "psi", "ks", "drifted", "observations", "bins");
        assertThat(fields(status.at("/drift/features/0/bins/0")))
                .containsExactly("bin", "upper_bound", "observations", "live_share", "reference_share");
        assertThat(fields(status.get("prediction_log")))
                .containsExactly(
                        "rows",
                        "queue_depth",
                        "queue_capacity",
                        "queue_fill",
                        "write_failures_total",
                        "write_failures_5m",
                        "committed_total");
        assertThat(fields(status.at("/warnings/0"))).containsExactly("rule", "subject", "message");
        assertThat(status.get("generated_at").asText()).isEqualTo("2026-03-01T10:00:00.250Z");
    }

    @Test
    void qualityComesFromTheFeedbackCountersBesideTheLabelFreeEstimate() {
        servingScenario();

        JsonNode quality = status().get("quality");

        JsonNode overall = quality.get("overall");
        assertThat(overall.get("labels").asDouble()).isEqualTo(100);
        assertThat(overall.get("accuracy").asDouble()).isEqualTo(85.0 / 100);
        assertThat(overall.get("precision").asDouble()).isEqualTo(40.0 / 45);
        assertThat(overall.get("recall").asDouble()).isEqualTo(40.0 / 50);
        assertThat(List.of(
                        overall.get("tp").asDouble(),
                        overall.get("fp").asDouble(),
                        overall.get("tn").asDouble(),
                        overall.get("fn").asDouble()))
                .containsExactly(40.0, 5.0, 45.0, 10.0);
        assertThat(quality.at("/by_version/0/version").asText()).isEqualTo("aaaaaaaaaaaa");
        assertThat(quality.at("/estimated/accuracy").asDouble()).isEqualTo(180.0 / 200);
        assertThat(quality.at("/estimated/precision").isNull()).isTrue();
        assertThat(quality.get("decisions").asDouble()).isEqualTo(200);
        assertThat(quality.get("label_coverage").asDouble()).isEqualTo(100.0 / 200);
        // Two of three delays in (0, 60]: rank 1.5 of 2 there.
        assertThat(quality.get("label_delay_p50_seconds").asDouble()).isEqualTo(45);
    }

    @Test
    void expectedConfusionCountersAreShownWhenTheServiceExportsThem() {
        servingScenario();
        metrics.expected("tp", 42.5).expected("fp", 7.5).expected("tn", 130).expected("fn", 20);

        JsonNode estimated = status().at("/quality/estimated");

        assertThat(estimated.get("tp").asDouble()).isEqualTo(42.5);
        assertThat(estimated.get("fn").asDouble()).isEqualTo(20);
        assertThat(estimated.get("precision").asDouble()).isEqualTo(42.5 / 50);
        assertThat(estimated.get("recall").asDouble()).isEqualTo(42.5 / 62.5);
    }

    @Test
    void everyModelVersionIsListedWithItsRoleAndItsOwnQuality() {
        metrics.info("aaaaaaaaaaaa", "champion")
                .info("bbbbbbbbbbbb", "challenger")
                .feedback("aaaaaaaaaaaa", 8, 1, 9, 2)
                .feedback("bbbbbbbbbbbb", 5, 0, 5, 0)
                .feedback("unknown", 1, 0, 0, 0);

        JsonNode status = status();

        assertThat(status.get("models").findValuesAsText("version"))
                .containsExactly("aaaaaaaaaaaa", "bbbbbbbbbbbb", "unknown");
        assertThat(status.at("/models/0/role").asText()).isEqualTo("champion");
        assertThat(status.at("/models/1/role").asText()).isEqualTo("challenger");
        assertThat(status.at("/models/2/role").isNull()).isTrue();
        assertThat(status.at("/models/2/algorithm").isNull()).isTrue();
        JsonNode versions = status.at("/quality/by_version");
        assertThat(versions.findValuesAsText("version")).containsExactly("aaaaaaaaaaaa", "bbbbbbbbbbbb", "unknown");
        assertThat(versions.at("/1/role").asText()).isEqualTo("challenger");
        assertThat(versions.at("/1/accuracy").asDouble()).isEqualTo(1.0);
        assertThat(versions.at("/0/accuracy").asDouble()).isEqualTo(17.0 / 20);
        assertThat(status.at("/quality/overall/labels").asDouble()).isEqualTo(31);
    }

    @Test
    void trafficTotalsComeFromTheRegistryAndRatesFromTheLastMinuteOfSamples() {
        sampler.sample();
        metrics.requests(30, "invalid_input", 2).requests(0, "internal", 1).latency(0.1, 0.1, 0.3, 0.3);
        clock.advance(Duration.ofSeconds(1));
        sampler.sample();
        metrics.requests(15, null, 0);
        clock.advance(Duration.ofSeconds(1));
        sampler.sample();

        JsonNode traffic = status().get("traffic");

        assertThat(traffic.get("requests_total").asDouble()).isEqualTo(48);
        assertThat(traffic.get("errors_total").asDouble()).isEqualTo(3);
        assertThat(traffic.get("requests_in_window").asDouble()).isEqualTo(48);
        assertThat(traffic.get("requests_per_second").asDouble()).isEqualTo(24);
        assertThat(traffic.get("errors_per_second").asDouble()).isEqualTo(1.5);
        assertThat(traffic.get("server_error_ratio_5m").asDouble()).isEqualTo(1.0 / 48);
        assertThat(traffic.get("p50_seconds").asDouble()).isEqualTo(0.25);
        assertThat(traffic.get("first_second").asLong()).isEqualTo(NOW.getEpochSecond() + 2 - 899);
        JsonNode requests = traffic.at("/series/requests_per_second");
        assertThat(requests.size()).isEqualTo(900);
        assertThat(requests.get(897).isNull()).isTrue();
        assertThat(requests.get(898).asDouble()).isEqualTo(33);
        assertThat(requests.get(899).asDouble()).isEqualTo(15);
        assertThat(traffic.at("/series/p50_seconds/899").isNull()).isTrue();
    }

    @Test
    void unknownValuesAreNullNeverNaN() throws IOException {
        PrometheusRegistry empty = new PrometheusRegistry();
        TrafficSampler idle = new TrafficSampler(empty, clock);
        byte[] json = StatusJson.write(new StatusService(empty, idle, clock).report());

        JsonNode status = JSON.readTree(json);

        assertThat(status.at("/models").size()).isZero();
        assertThat(status.at("/traffic/requests_total").isNull()).isTrue();
        assertThat(status.at("/traffic/p99_seconds").isNull()).isTrue();
        assertThat(status.at("/quality/overall/accuracy").isNull()).isTrue();
        assertThat(status.at("/quality/estimated/accuracy").isNull()).isTrue();
        assertThat(status.at("/quality/label_coverage").isNull()).isTrue();
        assertThat(status.at("/quality/label_delay_p50_seconds").isNull()).isTrue();
        assertThat(status.at("/drift/prediction_score").isNull()).isTrue();
        assertThat(status.at("/drift/features").size()).isZero();
        assertThat(status.at("/prediction_log/rows").isNull()).isTrue();
        assertThat(status.at("/prediction_log/queue_fill").isNull()).isTrue();
        assertThat(status.get("warnings").size()).isZero();
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("NaN")
                .doesNotContain("Infinity");
    }

    @Test
    void denialReasonsAndSegmentsAreNullUntilTheServiceExportsThem() {
        servingScenario();
        assertThat(status().get("denial_reasons").isNull()).isTrue();
        assertThat(status().get("segments").isNull()).isTrue();

        metrics.denialReason("aaaaaaaaaaaa", "credit_score", 30)
                .denialReason("bbbbbbbbbbbb", "credit_score", 10)
                .denialReason("aaaaaaaaaaaa", "income", 50)
                .denialReason("aaaaaaaaaaaa", "loan_amount", 0)
                .segmentDecisions("age_band", "18-25", 30, 70)
                .segmentDecisions("age_band", "26-60", 60, 40)
                .segmentDecisions("age_band", "61+", 2, 3);
        JsonNode status = status();

        assertThat(status.get("denial_reasons").toString())
                .isEqualTo("[{\"reason\":\"income\",\"count\":50.0,\"share\":0.5555555555555556},"
                        + "{\"reason\":\"credit_score\",\"count\":40.0,\"share\":0.4444444444444444}]");
        JsonNode segment = status.at("/segments/0");
        assertThat(segment.get("segment").asText()).isEqualTo("age_band");
        assertThat(segment.get("groups").findValuesAsText("group")).containsExactly("18-25", "26-60", "61+");
        assertThat(segment.at("/groups/0/approval_rate").asDouble()).isEqualTo(0.3);
        assertThat(segment.at("/groups/0/impact_ratio").asDouble()).isEqualTo(0.3 / 0.6);
        assertThat(segment.at("/groups/1/impact_ratio").asDouble()).isEqualTo(1.0);
        // Five decisions are too few to judge: no ratio, and not the segment's minimum.
        assertThat(segment.at("/groups/2/approval_rate").asDouble()).isEqualTo(0.4);
        assertThat(segment.at("/groups/2/impact_ratio").isNull()).isTrue();
        assertThat(segment.get("adverse_impact_ratio").asDouble()).isEqualTo(0.3 / 0.6);
    }

    @Test
    void predictionLogHealthFromItsGaugesAndCounters() {
        servingScenario();
        sampler.sample();
        metrics.logFailures(2);
        clock.advance(Duration.ofSeconds(1));
        sampler.sample();

        JsonNode log = status().get("prediction_log");

        assertThat(log.toString())
                .isEqualTo("{\"rows\":200.0,\"queue_depth\":3.0,\"queue_capacity\":1000.0,\"queue_fill\":0.003,"
                        + "\"write_failures_total\":2.0,\"write_failures_5m\":2.0,\"committed_total\":197.0}");
    }
}
