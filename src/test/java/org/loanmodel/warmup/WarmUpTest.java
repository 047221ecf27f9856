package org.loanmodel.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.config.WarmUpSettings;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;

/**
 * The warm-up end to end in one process: the service rehearses its real request path, then serves,
 * and nothing the rehearsal decided shows anywhere a person or an alert would look.
 */
class WarmUpTest {
    private static final String APPLICATION = "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000,"
            + " \"loan_term\": 36, \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}";

    @TempDir
    Path dir;

    /**
     * Every {@code model_} sample of a scrape: the service's own series, without the JVM's, and
     * without how long the log's commits took (both servers commit the served version's reason
     * words at start; their count is compared, their durations cannot be).
     */
    private static Map<String, Double> modelSeries(Scrape scrape) {
        Map<String, Double> series = new TreeMap<>();
        scrape.samples().forEach((name, value) -> {
            if (name.startsWith("model_")
                    && !name.startsWith("model_prediction_log_commit_seconds_bucket")
                    && !name.equals("model_prediction_log_commit_seconds_sum")) {
                series.put(name, value);
            }
        });
        return series;
    }

    private ServeSettings settings(String log, WarmUpSettings warmUp) {
        return ServeSettings.ephemeral(dir.resolve(log).toString()).toBuilder()
                .warmUp(warmUp)
                .build();
    }

    @Test
    void afterTheWarmUpEveryModelSeriesLogAndStatusAreThoseOfAServerThatNeverServed() throws Exception {
        Map<String, Double> untouched;
        try (RunningServer plain = RunningServer.start(settings("plain.db", WarmUpSettings.OFF), Clock.systemUTC())) {
            assertThat(plain.server().awaitWarmUp()).isEmpty();
            untouched = modelSeries(plain.scrape());
        }
        try (RunningServer server = RunningServer.start(
                settings("warm.db", new WarmUpSettings(3000, Duration.ofMinutes(5))), Clock.systemUTC())) {
            WarmUp.Outcome outcome = server.server().awaitWarmUp().orElseThrow();
            assertThat(outcome.requests()).isEqualTo(3000);
            assertThat(outcome.ending()).isEqualTo("request budget reached");
            assertThat(server.api().get("/ready").statusCode()).isEqualTo(200);

            Scrape scrape = server.scrape();
            assertThat(modelSeries(scrape)).isEqualTo(untouched);
            assertThat(scrape.value("model_requests_total")).isZero();
            assertThat(scrape.value("model_success_total")).isZero();
            assertThat(scrape.value("model_predictions_by_class_total{class=\"0\"}"))
                    .isZero();
            assertThat(scrape.value("model_predictions_by_class_total{class=\"1\"}"))
                    .isZero();
            assertThat(scrape.value("model_prediction_latency_seconds_count")).isZero();
            assertThat(server.server().log().rows()).isZero();
            assertThat(Json.body(server.api().get("/status.json"))
                            .at("/traffic/requests_total")
                            .asDouble())
                    .isZero();

            HttpResponse<String> answer = server.api().postJson("/predict", APPLICATION);
            assertThat(answer.statusCode()).isEqualTo(200);
            Scrape after = server.scrape();
            assertThat(after.value("model_requests_total")).isEqualTo(1);
            assertThat(after.value("model_success_total")).isEqualTo(1);
            assertThat(after.value("model_prediction_latency_seconds_count")).isEqualTo(1);
        }
        assertThat(rows(dir.resolve("warm.db"))).isEqualTo(1);
    }

    @Test
    void theRehearsalsTemporaryFolderIsGoneOnceTheWarmUpEnds() throws Exception {
        Path temporary = Files.createDirectories(dir.resolve("tmp"));
        String before = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", temporary.toString());
        try (RunningServer server = RunningServer.start(
                settings("p.db", new WarmUpSettings(500, Duration.ofMinutes(5))), Clock.systemUTC())) {
            assertThat(server.server().awaitWarmUp().orElseThrow().requests()).isEqualTo(500);
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
        try (Stream<Path> left = Files.list(temporary)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void closingDuringTheWarmUpEndsItAndStopsTheService() throws Exception {
        RunningServer server = RunningServer.start(
                settings("p.db", new WarmUpSettings(Integer.MAX_VALUE, Duration.ofMinutes(5))), Clock.systemUTC());
        server.close();
        WarmUp.Outcome outcome = server.server().awaitWarmUp().orElseThrow();
        assertThat(outcome.ending()).isEqualTo("stopped: the service is closing");
        assertThat(server.server().log().rows()).isZero();
    }

    private static long rows(Path database) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database);
                var count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM predictions")) {
            return count.getLong(1);
        }
    }
}
