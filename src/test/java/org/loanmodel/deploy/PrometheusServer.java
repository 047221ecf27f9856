package org.loanmodel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.Ports;

/**
 * A real Prometheus run as a subprocess on a free loopback port, with its storage in a given
 * folder, and a client for its HTTP API. Closing it stops the process by its PID.
 */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts {@code binary} with {@code config} (written to {@code folder}) and waits until it is ready. */
    static PrometheusServer start(Path binary, Path folder, JsonNode config, Duration timeout) throws IOException {
        Path configFile = folder.resolve("prometheus.yml");
        YamlFiles.MAPPER.writeValue(configFile.toFile(), config);
        int port = Ports.free();
        Path log = folder.resolve("prometheus.log");
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + configFile,
                        "--storage.tsdb.path=" + folder.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, log, port);
        try {
            Await.value(timeout, "Prometheus ready on port " + port, server::ready, ready -> ready);
        } catch (AssertionError e) {
            server.close();
            throw new AssertionError(e.getMessage() + "\n" + server.log(), e);
        }
        return server;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError("Prometheus exited with " + process.exitValue() + ":\n" + log());
        }
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** The result vector of an instant query now; fails on a query error. */
    List<JsonNode> query(String promql) {
        JsonNode answer = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        List<JsonNode> result = new ArrayList<>();
        answer.at("/data/result").forEach(result::add);
        return result;
    }

    /** The value of a query that answers one sample, or NaN when it answers none. */
    double value(String promql) {
        List<JsonNode> result = query(promql);
        if (result.isEmpty()) {
            return Double.NaN;
        }
        if (result.size() > 1) {
            throw new AssertionError(promql + " answered " + result.size() + " samples: " + result);
        }
        return Double.parseDouble(result.get(0).at("/value/1").asText());
    }

    /** The alerts, pending and firing, each with its labels and state. */
    List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        api("/api/v1/alerts").at("/data/alerts").forEach(alerts::add);
        return alerts;
    }

    /** Every rule of every group, with its health and last error. */
    List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        api("/api/v1/rules")
                .at("/data/groups")
                .forEach(group -> group.get("rules").forEach(rules::add));
        return rules;
    }

    /** When the rule group {@code name} was last evaluated. */
    java.time.Instant lastEvaluation(String name) {
        for (JsonNode group : api("/api/v1/rules").at("/data/groups")) {
            if (group.get("name").asText().equals(name)) {
                return java.time.Instant.parse(group.get("lastEvaluation").asText());
            }
        }
        throw new AssertionError("no rule group " + name);
    }

    private JsonNode api(String path) {
        HttpResponse<String> response = get(path);
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !answer.path("status").asText().equals("success")) {
                throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Asks Prometheus to stop (SIGTERM), then kills it if it has not within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
