package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;

/** With tokens configured, ground truth needs one of them; without, the original open behaviour. */
class FeedbackTokenTest {
    private static final String OLD = "old-token-0123456789abcdef";
    private static final String NEW = "new-token-fedcba9876543210";
    private static final String APPLICANT = "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000,"
            + " \"loan_term\": 36, \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}";

    @TempDir
    Path dir;

    private RunningServer start(List<String> tokens) {
        ServeSettings settings = ServeSettings.ephemeral(dir.resolve("log.db").toString()).toBuilder()
                .feedbackTokens(tokens)
                .build();
        return RunningServer.start(settings, Clock.systemUTC());
    }

    private static HttpResponse<String> feedback(RunningServer server, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.server().apiPort() + "/feedback"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return server.api().send(request);
    }

    private static java.util.Map<String, Double> feedbackSamples(Scrape scrape) {
        java.util.Map<String, Double> samples = new java.util.TreeMap<>();
        scrape.samples().forEach((name, value) -> {
            if (name.startsWith("model_feedback") || name.startsWith("model_label_delay")) {
                samples.put(name, value);
            }
        });
        return samples;
    }

    @Test
    void feedbackWithoutAValidTokenIsRefusedAndCountsNowhere() {
        try (RunningServer server = start(List.of(OLD, NEW))) {
            String id = Json.body(server.api().postJson("/predict", APPLICANT))
                    .get("prediction_id")
                    .asText();
            String body = "{\"prediction_id\": \"" + id + "\", \"actual_outcome\": 1}";
            Scrape before = server.scrape();

            for (String authorization : new String[] {null, "Bearer wrong-token-000000000", "Basic " + OLD, OLD}) {
                HttpResponse<String> refused = feedback(server, body, authorization);
                assertThat(refused.statusCode())
                        .as(String.valueOf(authorization))
                        .isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate"))
                        .hasValue("Bearer realm=\"loan-model-api\"");
                assertThat(refused.body())
                        .isEqualTo("{\"status\":401,\"code\":\"unauthorized\",\"field\":null,\"error\":\"feedback"
                                + " needs the header 'Authorization: Bearer <token>' with a configured token\"}");
            }
            assertThat(feedbackSamples(server.scrape())).isEqualTo(feedbackSamples(before));

            // Either token of a rotation works; the first accepted label is recorded, not a replay.
            HttpResponse<String> accepted = feedback(server, body, "Bearer " + NEW);
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(accepted.headers().firstValue("Idempotent-Replayed")).isEmpty();
            JsonNode answer = Json.body(accepted);
            assertThat(answer.get("outcome").asText()).isEqualTo("tp");
            assertThat(feedback(server, body, "bearer " + OLD).headers().firstValue("Idempotent-Replayed"))
                    .hasValue("true");

            assertThat(Json.body(server.api().get("/ready"))
                            .at("/details/feedback_authentication")
                            .asText())
                    .isEqualTo("bearer token required");
            String everything = server.metricsPort().get("/metrics").body()
                    + server.api().get("/ready").body()
                    + server.api().get("/model").body();
            assertThat(everything).doesNotContain(OLD).doesNotContain(NEW);
        }
    }

    @Test
    void withoutTokensFeedbackIsOpenAndReadySaysSo() {
        try (RunningServer server = start(List.of())) {
            String id = Json.body(server.api().postJson("/predict", APPLICANT))
                    .get("prediction_id")
                    .asText();
            assertThat(feedback(server, "{\"prediction_id\": \"" + id + "\", \"actual_outcome\": 0}", null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(Json.body(server.api().get("/ready"))
                            .at("/details/feedback_authentication")
                            .asText())
                    .isEqualTo("none: no token is configured, anyone who reaches the port can send ground truth");
        }
    }

    @Test
    void theUnverifiedFormCanBeTurnedOff() {
        ServeSettings settings = ServeSettings.ephemeral(
                        dir.resolve("closed.db").toString())
                .toBuilder()
                .unverifiedFeedback(false)
                .build();
        try (RunningServer server = RunningServer.start(settings, Clock.systemUTC())) {
            HttpResponse<String> answer = feedback(
                    server, "{\"prediction_id\": \"0\", \"actual_outcome\": 1, \"predicted_outcome\": 1}", null);
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(Json.body(answer).get("code").asText()).isEqualTo("unknown_prediction");
            assertThat(server.scrape().value("model_feedback_unverified_total{outcome=\"tp\"}"))
                    .isZero();
        }
    }

    @Test
    void shortOrBlankTokensAreRefusedAtStart() {
        assertThatThrownBy(() ->
                        ServeSettings.builder().feedbackTokens(List.of("short")).build())
                .hasMessage("a feedback token must be at least 16 printable characters without spaces (set"
                        + " --feedback-token or FEEDBACK_TOKENS)");
        assertThatThrownBy(() -> new BearerTokens(List.of(" "))).hasMessage("a token must not be empty");
    }

    @Test
    void tokensAreComparedWhole() {
        BearerTokens tokens = new BearerTokens(List.of(OLD));
        assertThat(tokens.accepts("Bearer " + OLD)).isTrue();
        assertThat(tokens.accepts("BEARER " + OLD)).isTrue();
        assertThat(tokens.accepts("Bearer " + OLD + "x")).isFalse();
        assertThat(tokens.accepts("Bearer " + OLD.substring(1))).isFalse();
        assertThat(tokens.accepts("Bearer ")).isFalse();
        assertThat(tokens.accepts(null)).isFalse();
        assertThat(BearerTokens.none().accepts(null)).isTrue();
        assertThat(tokens.toString()).isEqualTo("1 token(s)").doesNotContain(OLD);
    }
}
