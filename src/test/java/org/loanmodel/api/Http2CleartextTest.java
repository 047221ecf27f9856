package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RawHttp;
import org.loanmodel.testing.RunningServer;

/**
 * The service speaks HTTP/1.1 only, where its limits on slow clients hold per connection: a
 * client asking to upgrade to HTTP/2 without TLS (h2c) is answered over HTTP/1.1, and the
 * HTTP/2 connection preface is refused.
 */
class Http2CleartextTest {
    @TempDir
    Path dir;

    @Test
    void anUpgradeToH2cIsAnsweredOverHttp11AndThePrefaceIsRefused() throws IOException, InterruptedException {
        try (RunningServer server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("log.db").toString()), Clock.systemUTC())) {
            // The JDK's client asks every plain connection to upgrade when told to prefer HTTP/2.
            HttpClient http2 = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_2)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String base = "http://127.0.0.1:" + server.server().apiPort();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> denied = http2.send(
                        HttpRequest.newBuilder(URI.create(base + "/predict"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"age\": 35, \"income\": 75000,"
                                        + " \"loan_amount\": 25000, \"loan_term\": 36, \"credit_score\": 550,"
                                        + " \"employment_status\": 1, \"loan_purpose\": 1}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(denied.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
                assertThat(denied.statusCode()).isEqualTo(200);
                JsonNode answer = Json.parse(denied.body());
                assertThat(answer.at("/reasons/0/feature").asText()).isEqualTo("credit_score");
            }

            byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            RawHttp.Answer refused = RawHttp.exchange(server.server().apiPort(), preface);
            // Vert.x's own answer to a version it does not speak (see the README).
            assertThat(refused.status()).isEqualTo(501);
            assertThat(server.scrape().value("model_success_total")).isEqualTo(2.0);
        }
    }
}
