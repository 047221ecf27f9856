package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RunningServer;

/**
 * HTTP/2 without TLS (h2c): a client that upgrades a plain connection, as the JDK's does, gets the
 * same decisions, errors and counters as over HTTP/1.1.
 */
class Http2CleartextTest {
    @TempDir
    Path dir;

    @Test
    void anUpgradedConnectionIsDecidedAndCountedAsHttp11Is() throws IOException, InterruptedException {
        try (RunningServer server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("log.db").toString()), Clock.systemUTC())) {
            HttpClient http2 = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_2)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String base = "http://127.0.0.1:" + server.server().apiPort();
            HttpResponse<String> first = http2.send(
                    HttpRequest.newBuilder(URI.create(base + "/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(200);
            // The first request upgrades the connection; the next ones travel as HTTP/2 streams.
            HttpResponse<String> denied = http2.send(
                    HttpRequest.newBuilder(URI.create(base + "/predict"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"age\": 35, \"income\": 75000,"
                                    + " \"loan_amount\": 25000, \"loan_term\": 36, \"credit_score\": 550,"
                                    + " \"employment_status\": 1, \"loan_purpose\": 1}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(denied.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(denied.statusCode()).isEqualTo(200);
            JsonNode answer = Json.parse(denied.body());
            assertThat(answer.get("approval_status").asInt()).isZero();
            assertThat(answer.at("/reasons/0/feature").asText()).isEqualTo("credit_score");

            HttpResponse<String> invalid = http2.send(
                    HttpRequest.newBuilder(URI.create(base + "/predict"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"age\": 35}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(invalid.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(Json.parse(invalid.body()).get("code").asText()).isEqualTo("missing_field");

            assertThat(server.scrape().value("model_requests_total")).isEqualTo(2.0);
            assertThat(server.scrape().value("model_success_total")).isEqualTo(1.0);
        }
    }
}
