package org.loanmodel.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.LoanModel;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.MutableClock;
import org.loanmodel.testing.RunningServer;

/**
 * The metrics contract as dashboards and alerts see it: after a fixed session of requests, the
 * scrape's families, help lines, types, label sets and values equal {@code golden/metrics-scrape.txt}.
 *
 * <p>Values that depend on timing (latencies, prediction-log batches, queue depth) are masked as
 * {@code <timing>}; JVM and process metrics are left out; the model's identity is masked so a new
 * default artifact does not count as a change of contract. The file also records each family's
 * snapshot type and whether histograms carry native buckets, which the text format cannot show.
 * After a deliberate change, regenerate with {@code -Dgolden.update=true} and review the diff.
 */
class MetricsGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/metrics-scrape.txt");
    private static final String APPROVED = "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000, \"loan_term\": 36,"
            + " \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}";
    private static final String REJECTED = APPROVED.replace("75000", "25000");
    private static final String THIRD = "{\"age\": 52, \"income\": 41000, \"loan_amount\": 9000, \"loan_term\": 12,"
            + " \"credit_score\": 655, \"employment_status\": 0, \"loan_purpose\": 3}";
    private static final String TOO_LARGE = "{\"pad\": \"" + "x".repeat(20_000) + "\"}";
    private static final Set<String> TIMING = Set.of(
            "model_prediction_latency_seconds",
            "model_prediction_log_commit_seconds",
            "model_prediction_log_committed_total",
            "model_prediction_log_rows",
            "model_prediction_log_queue_depth");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-04T09:00:00Z"));

    @Test
    void scrapeAfterAFixedSessionKeepsEveryFamilyHelpLabelAndValue() throws IOException {
        String actual;
        try (RunningServer server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("log.db").toString()), clock)) {
            session(server);
            actual = render(server);
        }
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
    }

    /** Every kind of answer each endpoint gives, so every metric moves or shows its labels. */
    private void session(RunningServer server) {
        String approved = predictionId(server, APPROVED, 1);
        String rejected = predictionId(server, REJECTED, 0);
        predictionId(server, THIRD, 1);
        expect(server.api().postJson("/predict", "{}"), 400);
        expect(server.api().postJson("/predict", "{\"age\": "), 400);
        expect(server.api().post("/predict", "text/plain", APPROVED), 415);
        expect(server.api().postJson("/predict", TOO_LARGE), 413);

        clock.advance(Duration.ofHours(2));
        expect(feedback(server, approved, 1, ""), 200);
        expect(feedback(server, approved, 1, ""), 200);
        expect(feedback(server, approved, 0, ""), 409);
        expect(feedback(server, rejected, 1, ", \"predicted_outcome\": 1"), 200);
        expect(feedback(server, "0", 1, ", \"predicted_outcome\": 1"), 200);
        expect(feedback(server, "never-issued", 1, ""), 404);
        expect(feedback(server, approved, 2, ""), 400);
        expect(server.api().post("/feedback", "text/plain", "{}"), 415);
        expect(server.api().postJson("/feedback", TOO_LARGE), 413);
    }

    private static String predictionId(RunningServer server, String body, int approval) {
        HttpResponse<String> response = expect(server.api().postJson("/predict", body), 200);
        assertThat(Json.body(response).get("approval_status").asInt()).isEqualTo(approval);
        return Json.body(response).get("prediction_id").asText();
    }

    private static HttpResponse<String> feedback(RunningServer server, String id, int actual, String more) {
        return server.api()
                .postJson(
                        "/feedback", "{\"prediction_id\": \"" + id + "\", \"actual_outcome\": " + actual + more + "}");
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    /** The text exposition by family (sorted), then each family's snapshot type. */
    private static String render(RunningServer server) {
        LoanModel model = server.server().model();
        Map<String, List<String>> families = new TreeMap<>();
        String family = null;
        for (String line : server.metricsPort().get("/metrics").body().split("\n")) {
            if (line.startsWith("# HELP ")) {
                family = line.split(" ")[2];
            }
            if (line.isBlank() || family.startsWith("jvm_") || family.startsWith("process_")) {
                continue;
            }
            families.computeIfAbsent(family, f -> new ArrayList<>()).add(mask(line, family, model));
        }
        StringBuilder out = new StringBuilder();
        families.forEach((name, lines) -> {
            lines.subList(0, 2).forEach(line -> out.append(line).append('\n'));
            lines.subList(2, lines.size()).stream()
                    .sorted()
                    .forEach(line -> out.append(line).append('\n'));
        });
        Set<String> snapshots = new TreeSet<>();
        for (MetricSnapshot snapshot : server.server().metrics().registry().scrape()) {
            String name = snapshot.getMetadata().getPrometheusName();
            if (name.startsWith("jvm_") || name.startsWith("process_")) {
                continue;
            }
            String kind = snapshot.getClass().getSimpleName();
            if (snapshot instanceof HistogramSnapshot histogram) {
                kind += histogram.getDataPoints().get(0).hasNativeHistogramData() ? " native" : " classic-only";
            }
            snapshots.add("# snapshot " + name + " " + kind);
        }
        snapshots.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    private static String mask(String line, String family, LoanModel model) {
        String masked = line.replace("\"" + model.version() + "\"", "\"<model_version>\"")
                .replace("\"" + model.metadata().createdAt() + "\"", "\"<trained_at>\"");
        if (masked.startsWith("#") || !TIMING.contains(family)) {
            return masked;
        }
        return masked.substring(0, masked.lastIndexOf(' ')) + " <timing>";
    }
}
