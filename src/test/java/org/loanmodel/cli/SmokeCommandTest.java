package org.loanmodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.smoke.CheckResult;
import org.loanmodel.testing.Ports;
import org.loanmodel.testing.RunningServer;

class SmokeCommandTest {
    private static final List<String> API_CHECKS = List.of(
            "health",
            "predict a valid application",
            "reject a missing feature",
            "reject an out-of-range age",
            "reject a non-numeric income",
            "reject an unknown loan_term",
            "reject malformed JSON",
            "feedback for that prediction");
    private static final List<String> METRIC_CHECKS = List.of(
            "documented metrics present",
            "model_requests_total moved",
            "model_success_total moved",
            "model_errors_total moved",
            "model_prediction_latency_seconds moved",
            "model_prediction_values moved",
            "model_predictions_by_class_total moved",
            "model_drift_observations_total moved",
            "model_feedback_total moved",
            "model_accuracy set by feedback");

    @TempDir
    static Path folder;

    private static RunningServer server;
    private static String api;
    private static String metrics;

    @BeforeAll
    static void startServer() {
        server = RunningServer.start(folder);
        api = "http://127.0.0.1:" + server.server().apiPort();
        metrics = "http://127.0.0.1:" + server.server().metricsPort() + "/metrics";
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void passesEveryCheckAgainstARunningServer() {
        CommandRun run = CommandRun.of("smoke", "--url", api, "--metrics-url", metrics);

        assertThat(run.exitCode()).as(run.out()).isZero();
        List<String> lines = run.outLines();
        assertThat(lines.get(0)).isEqualTo("smoke test of " + api + " (metrics " + metrics + ")");
        assertThat(checks(lines)).containsExactlyElementsOf(expected("PASS", "PASS", "PASS"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("smoke passed: all 19 checks passed");
        assertThat(run.line("PASS  reject an out-of-range age")).endsWith(" 400 out_of_range on age");
        assertThat(run.line("PASS  reject malformed JSON")).endsWith(" 400 malformed_json");
        assertThat(run.line("PASS  model_requests_total moved")).endsWith(" +6 (smoke sent 6 predictions)");
        assertThat(run.line("PASS  model_errors_total moved")).endsWith(" +5 (smoke got 5 rejections)");
        assertThat(run.line("PASS  model_feedback_total moved")).endsWith(" +1 (smoke sent 1 feedback)");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void failsWithTheReasonWhenTheMetricsPortIsClosed() {
        int closed = Ports.free();
        String wrong = "http://127.0.0.1:" + closed + "/metrics";

        CommandRun run = CommandRun.of("smoke", "--url", api, "--metrics-url", wrong);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(checks(run.outLines())).containsExactlyElementsOf(expected("FAIL", "PASS", "SKIP"));
        assertThat(run.line("FAIL  metrics endpoint answers"))
                .isEqualTo(CheckResult.fail(
                                "metrics endpoint answers",
                                "metrics endpoint " + wrong + " unreachable: connection refused")
                        .line());
        assertThat(run.line("SKIP  model_requests_total moved"))
                .endsWith(" no baseline scrape (see 'metrics endpoint answers')");
        assertThat(lastLine(run)).isEqualTo("smoke FAILED: 1 of 19 checks failed, 10 skipped");
    }

    @Test
    void failsWhenTheMetricsUrlPointsAtTheApiPort() {
        String wrong = api + "/metrics";

        CommandRun run = CommandRun.of("smoke", "--url", api, "--metrics-url", wrong);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.line("FAIL  metrics endpoint answers"))
                .endsWith(" metrics endpoint " + wrong + " answered HTTP 404: {\"status\":404,\"code\":\"not_found\","
                        + "\"field\":null,\"error\":\"no endpoint at /metrics\"}");
    }

    @Test
    void reportsTheApiUnreachableAndSkipsWhatDependsOnIt() {
        String down = "http://127.0.0.1:" + Ports.free();

        CommandRun run = CommandRun.of("smoke", "--url", down, "--metrics-url", metrics);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.line("FAIL  health"))
                .isEqualTo(
                        CheckResult.fail("health", "API endpoint " + down + "/health unreachable: connection refused")
                                .line());
        assertThat(run.line("SKIP  feedback for that prediction")).endsWith(" API unreachable");
        assertThat(run.line("PASS  documented metrics present"))
                .endsWith(" all 11 families (no feature gauges: served schema unknown)");
        assertThat(lastLine(run)).isEqualTo("smoke FAILED: 1 of 19 checks failed, 16 skipped");
    }

    @Test
    void failsHealthAndSkipsTheRequestsWhenTheServedSchemaIsUnknown() throws IOException {
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            boolean health = exchange.getRequestURI().getPath().equals("/health");
            byte[] body = (health ? "{\"status\":\"healthy\",\"model_version\":\"old\"}" : "{\"error\":\"no\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(health ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        try {
            String old = "http://127.0.0.1:" + stub.getAddress().getPort();

            CommandRun run = CommandRun.of("smoke", "--url", old, "--metrics-url", metrics);

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.line("FAIL  health"))
                    .isEqualTo(CheckResult.fail(
                                    "health",
                                    "200 healthy, but the served schema is unknown: GET " + old
                                            + "/model answered HTTP 404: {\"error\":\"no\"}")
                            .line());
            assertThat(run.line("SKIP  predict a valid application")).endsWith(" served schema unknown (see 'health')");
            assertThat(lastLine(run)).isEqualTo("smoke FAILED: 1 of 19 checks failed, 16 skipped");
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void defaultsTheMetricsUrlToPort8001OnTheApiHost() {
        CommandRun run = CommandRun.of("smoke", "--url", "http://127.0.0.1:" + Ports.free(), "--timeout", "2s");

        assertThat(run.outLines().get(0)).endsWith(" (metrics http://127.0.0.1:8001/metrics)");
    }

    @Test
    void rejectsAUrlThatIsNotHttp() {
        CommandRun run = CommandRun.of("smoke", "--url", "localhost:5000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst())
                .hasValue("--url must be an http URL like http://localhost:5000, got 'localhost:5000'");
    }

    private static String lastLine(CommandRun run) {
        List<String> lines = run.outLines();
        return lines.get(lines.size() - 1);
    }

    /** Verdict and name of every check line, e.g. {@code "PASS health"}. */
    private static List<String> checks(List<String> lines) {
        return lines.subList(1, lines.size() - 1).stream()
                .map(line ->
                        line.substring(0, 4) + " " + line.substring(6, 6 + 44).strip())
                .toList();
    }

    private static List<String> expected(String metricsEndpoint, String apiChecks, String metricChecks) {
        List<String> all = new java.util.ArrayList<>();
        all.add(metricsEndpoint + " metrics endpoint answers");
        API_CHECKS.forEach(name -> all.add(apiChecks + " " + name));
        METRIC_CHECKS.forEach(name -> all.add(metricChecks + " " + name));
        return all;
    }
}
