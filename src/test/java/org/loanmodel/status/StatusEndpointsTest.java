package org.loanmodel.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RawHttp;
import org.loanmodel.testing.RunningServer;

/** The status routes of the real service over HTTP: what they answer, under which headers. */
class StatusEndpointsTest {
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    private static final String UNUSUAL =
            "{\"age\": 61, \"income\": 123457.125, \"loan_amount\": 23456.375, \"loan_term\": 48,"
                    + " \"credit_score\": 777, \"employment_status\": 1, \"loan_purpose\": 2}";

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

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void thePageIsServedAtTheRootAndAtStatusUnderTheStrictPolicy() {
        for (String path : List.of("/", "/status")) {
            HttpResponse<String> page = server.api().get(path);

            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(header(page, "content-type")).isEqualTo("text/html; charset=utf-8");
            assertThat(header(page, "content-security-policy")).isEqualTo(POLICY);
            assertThat(header(page, "x-content-type-options")).isEqualTo("nosniff");
            assertThat(header(page, "cache-control")).isEqualTo("no-store");
            assertThat(page.body())
                    .startsWith("<!DOCTYPE html>")
                    .contains(server.server().model().version());
        }
    }

    @Test
    void theJsonHasTheSameDataAndTheSamePolicy() {
        HttpResponse<String> json = server.api().get("/status.json");

        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(header(json, "content-type")).isEqualTo("application/json");
        assertThat(header(json, "content-security-policy")).isEqualTo(POLICY);
        assertThat(Json.body(json).at("/models/0/version").asText())
                .isEqualTo(server.server().model().version());
        assertThat(Json.body(json).at("/drift/features").size()).isEqualTo(7);
    }

    @Test
    void headAnswersLikeGetWithoutABody() throws IOException {
        for (String path : List.of("/", "/status", "/status.json", "/assets/status.js", "/assets/uplot.min.css")) {
            RawHttp.Answer answer =
                    RawHttp.exchange(server.server().apiPort(), "HEAD " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.body()).as(path).isEmpty();
            assertThat(answer.head()).as(path).contains("Content-Security-Policy: " + POLICY);
        }
    }

    @Test
    void assetsComeFromTheJarWithTheirMediaTypes() throws IOException {
        String uplot = "META-INF/resources/webjars/uplot/1.6.30/dist/";
        assertAsset("/assets/uplot.min.js", uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8");
        assertAsset("/assets/uplot.min.css", uplot + "uPlot.min.css", "text/css; charset=utf-8");
        assertAsset("/assets/status.js", "status/status.js", "text/javascript; charset=utf-8");
        assertAsset("/assets/guard.js", "status/guard.js", "text/javascript; charset=utf-8");
        assertAsset("/assets/status.css", "status/status.css", "text/css; charset=utf-8");
    }

    private static void assertAsset(String path, String resource, String type) throws IOException {
        HttpResponse<String> asset = server.api().get(path);
        String expected;
        try (InputStream in = StatusEndpointsTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(asset.statusCode()).as(path).isEqualTo(200);
        assertThat(header(asset, "content-type")).as(path).isEqualTo(type);
        assertThat(header(asset, "content-security-policy")).as(path).isEqualTo(POLICY);
        assertThat(asset.body()).as(path).isEqualTo(expected);
    }

    @Test
    void anUnknownAssetAnswersTheOneErrorShape() {
        HttpResponse<String> missing = server.api().get("/assets/nothing.js");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body())
                .isEqualTo("{\"status\":404,\"code\":\"not_found\",\"field\":null,"
                        + "\"error\":\"no endpoint at /assets/nothing.js\"}");
    }

    @Test
    void thePageIsReadOnly() {
        HttpResponse<String> post = server.api()
                .send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.server().apiPort() + "/status"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("\"code\":\"method_not_allowed\"");
    }

    @Test
    void noApplicantDataReachesThePageOrTheJson() {
        assertThat(server.api().postJson("/predict", UNUSUAL).statusCode()).isEqualTo(200);
        // The per-process gauges of the original system do export the latest request's values...
        assertThat(server.scrape().value("model_feature_income")).isEqualTo(123457.125);

        // ... but the page shows aggregates only.
        for (String path : List.of("/status", "/status.json")) {
            assertThat(server.api().get(path).body())
                    .as(path)
                    .doesNotContain("123457.125")
                    .doesNotContain("23456.375")
                    .doesNotContain("model_feature");
        }
    }
}
