package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RawHttp;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;

/** Both ports of the real service over HTTP: the seed's contract, errors, and the metrics they leave. */
class ApiTest {
    static final String SEED_PREDICT = "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000, \"loan_term\": 36,"
            + " \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}";

    @TempDir
    static Path dir;

    private static RunningServer server;

    @BeforeAll
    static void start() {
        server = RunningServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.body(response);
    }

    private static JsonNode json(String text) {
        return Json.parse(text);
    }

    @Test
    void healthAnswersAsTheSeedDocuments() {
        HttpResponse<String> response = server.api().get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(json(response).get("status").asText()).isEqualTo("healthy");
        assertThat(json(response).get("model_version").asText())
                .isEqualTo(server.server().model().version());
    }

    @Test
    void seedPredictionAnswersWithTheSeedFieldsAndMore() {
        HttpResponse<String> response = server.api().postJson("/predict", SEED_PREDICT);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("prediction_id").isTextual()).isTrue();
        assertThat(body.get("approval_status").asInt()).isEqualTo(1);
        assertThat(body.get("probability").asDouble()).isEqualTo(1.0);
        assertThat(body.get("model_version").asText())
                .isEqualTo(server.server().model().version());
        assertThat(body.get("features_received")).isEqualTo(json(SEED_PREDICT));
    }

    @Test
    void seedFeedbackWithAnIdThisServiceNeverIssuedIsAcceptedAsUnverified() {
        HttpResponse<String> response = server.api()
                .postJson("/feedback", "{\"prediction_id\": \"0\", \"actual_outcome\": 1, \"predicted_outcome\": 1}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("verified").asBoolean()).isFalse();
        assertThat(body.get("outcome").asText()).isEqualTo("tp");
        assertThat(body.get("current_accuracy").isNumber()).isTrue();
    }

    @Test
    void readinessModelAndUnknownRoutes() {
        assertThat(server.api().get("/ready").statusCode()).isEqualTo(200);
        assertThat(json(server.api().get("/ready")).get("status").asText()).isEqualTo("ready");
        JsonNode model = json(server.api().get("/model"));
        assertThat(model.get("version").asText())
                .isEqualTo(server.server().model().version());
        assertThat(model.at("/schema/features/0/name").asText()).isEqualTo("age");
        assertThat(model.at("/created_at").asText())
                .isEqualTo(server.server().model().metadata().createdAt());
        assertThat(model.at("/holdout/true_positives").asLong())
                .isEqualTo(server.server().model().metadata().holdout().truePositives());
        // Keys are snake_case; the training library's own provenance is quoted verbatim.
        ((com.fasterxml.jackson.databind.node.ObjectNode) model.get("provenance"))
                .remove(List.of("trainer", "dataset"));
        assertThat(model.toString()).doesNotContainPattern("\"[a-z]+[A-Z][A-Za-z]*\":");

        HttpResponse<String> missing = server.api().get("/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body())
                .isEqualTo(
                        "{\"status\":404,\"code\":\"not_found\",\"field\":null,\"error\":\"no endpoint at /nothing\"}");
        HttpResponse<String> wrongMethod = server.api().get("/predict");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod).get("error").asText()).isEqualTo("GET is not allowed on /predict");
    }

    @Test
    void badRequestsNeverAnswer500AndEachCountsAsAnError() {
        Scrape before = server.scrape();
        assertError(server.api().postJson("/predict", "{\"age\": 35, \"income\": -5}"), 400, "out_of_range", "income");
        assertError(server.api().postJson("/predict", "{not json"), 400, "malformed_json", null);
        assertError(server.api().postJson("/predict", ""), 400, "empty_body", null);
        assertError(server.api().post("/predict", null, SEED_PREDICT), 415, "unsupported_media_type", null);
        assertError(server.api().post("/predict", "text/plain", SEED_PREDICT), 415, "unsupported_media_type", null);
        HttpResponse<String> compressed = server.api()
                .send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.server().apiPort() + "/predict"))
                        .header("Content-Type", "application/json")
                        .header("Content-Encoding", "gzip")
                        .POST(HttpRequest.BodyPublishers.ofString(SEED_PREDICT)));
        assertError(compressed, 415, "unsupported_content_encoding", null);
        assertThat(json(compressed).get("error").asText())
                .isEqualTo("Content-Encoding 'gzip' is not supported; send the body uncompressed");
        assertError(
                server.api().postJson("/predict", "{\"age\": \"" + "9".repeat(20_000) + "\"}"),
                413,
                "body_too_large",
                null);
        assertError(
                server.api().postJson("/predict", SEED_PREDICT.replace("36", "37")),
                400,
                "not_allowed_category",
                "loan_term");
        Scrape after = server.scrape();
        assertThat(delta(before, after, "model_errors_total{reason=\"invalid_input\"}"))
                .isEqualTo(8);
        assertThat(delta(before, after, "model_requests_total")).isEqualTo(8);
        assertThat(delta(before, after, "model_success_total")).isZero();
        assertThat(delta(before, after, "model_errors_total{reason=\"internal\"}"))
                .isZero();
    }

    @Test
    void retryAfterHeaderIsAbsentOnClientErrors() {
        HttpResponse<String> response = server.api().postJson("/predict", "{}");
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(response.body())
                .isEqualTo("{\"status\":400,\"code\":\"missing_field\",\"field\":\"age\",\"error\":\"feature 'age' is"
                        + " required\"}");
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String field) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("field").isNull() ? null : body.get("field").asText())
                .isEqualTo(field);
        assertThat(body.get("error").asText()).isNotBlank();
    }

    static double delta(Scrape before, Scrape after, String sample) {
        return after.value(sample) - before.value(sample);
    }

    @Test
    void metricsPortServesTextOpenMetricsAndJsonErrors() throws java.io.IOException {
        HttpResponse<String> text = server.metricsPort().get("/metrics");
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(server.metricsPort().get("/").body()).contains("# TYPE model_requests_total counter");

        HttpResponse<String> openMetrics = server.metricsPort()
                .send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.server().metricsPort() + "/metrics"))
                        .header("Accept", "application/openmetrics-text; version=1.0.0")
                        .GET());
        assertThat(openMetrics.headers().firstValue("content-type"))
                .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(openMetrics.body()).endsWith("# EOF\n");

        HttpResponse<String> filtered = server.metricsPort().get("/metrics?name[]=model_accuracy");
        assertThat(filtered.body()).contains("model_accuracy ").doesNotContain("model_requests_total");

        assertThat(server.metricsPort().get("/other").statusCode()).isEqualTo(404);

        // Client mistakes in the query are 400 in the API's error shape, not client_java's 500.
        HttpResponse<String> badFormat = server.metricsPort().get("/metrics?debug=yaml");
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(Json.parse(badFormat.body()).get("error").asText())
                .isEqualTo(
                        "query parameter 'debug' must be one of [openmetrics, text, prometheus-protobuf], got 'yaml'");
        assertThat(server.metricsPort().get("/metrics?debug=text").statusCode()).isEqualTo(200);
        RawHttp.Answer badEscape = RawHttp.exchange(
                server.server().metricsPort(),
                "GET /metrics?name[]=% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(badEscape.status()).isEqualTo(400);
        assertThat(Json.parse(badEscape.body()).get("code").asText()).isEqualTo("malformed_query");
    }
}
