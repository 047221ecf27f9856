package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.MutableClock;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;

/**
 * Segments over HTTP: decisions counted in the group of each segment, from the features and the
 * request's monitoring attributes; outcomes counted once, days later and after a restart, in the
 * groups of the decision as logged; and every malformed attribute refused before it is counted.
 */
class SegmentsApiTest {
    private static final String FEATURES = "\"age\": %d, \"income\": %d, \"loan_amount\": 25000, \"loan_term\": 36,"
            + " \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-04T09:00:00Z"));

    private RunningServer start() {
        return start(ServeSettings.ephemeral(dir.resolve("log.db").toString()));
    }

    private RunningServer start(ServeSettings settings) {
        return RunningServer.start(settings, clock);
    }

    /** An applicant of {@code age}, approved when {@code approved} (the shipped model approves incomes over 30,000). */
    private static String applicant(int age, boolean approved, String monitoring) {
        return "{" + String.format(FEATURES, age, approved ? 75000 : 25000)
                + (monitoring == null ? "" : ", \"monitoring\": " + monitoring) + "}";
    }

    private static String predict(RunningServer server, String body, int approval) {
        HttpResponse<String> response = server.api().postJson("/predict", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Json.body(response).get("approval_status").asInt()).isEqualTo(approval);
        return Json.body(response).get("prediction_id").asText();
    }

    /** The non-zero samples of a segment metric, keyed {@code segment/group/last label}. */
    private static Map<String, Double> counted(Scrape scrape, String metric, String lastLabel) {
        Map<String, Double> counted = new TreeMap<>();
        scrape.samples().forEach((sample, value) -> {
            if (sample.startsWith(metric + "{") && value != 0) {
                counted.put(
                        label(sample, "segment") + "/" + label(sample, "group") + "/" + label(sample, lastLabel),
                        value);
            }
        });
        return counted;
    }

    private static String label(String sample, String name) {
        int start = sample.indexOf(name + "=\"") + name.length() + 2;
        return sample.substring(start, sample.indexOf('"', start));
    }

    @Test
    void decisionsAreCountedInTheGroupOfEverySegment() {
        try (RunningServer server = start()) {
            predict(server, applicant(22, true, "{\"applicant_group\": \"a\"}"), 1);
            predict(server, applicant(24, false, "{\"applicant_group\": \"b\"}"), 0);
            predict(server, applicant(25, true, null), 1);
            predict(server, applicant(61, true, "{\"applicant_group\": \"B\"}"), 1);
            predict(server, applicant(62, false, "{\"applicant_group\": null}"), 0);
            predict(server, applicant(90, false, "{}"), 0);
            predict(server, applicant(40, false, "null"), 0);

            Scrape scrape = server.scrape();
            assertThat(counted(scrape, "model_segment_decisions_total", "class"))
                    .isEqualTo(Map.of(
                            "age_band/18-24/1", 1.0,
                            "age_band/18-24/0", 1.0,
                            "age_band/25-61/1", 2.0,
                            "age_band/25-61/0", 1.0,
                            "age_band/62+/0", 2.0,
                            "applicant_group/a/1", 1.0,
                            "applicant_group/b/0", 1.0,
                            "applicant_group/other/1", 1.0,
                            "applicant_group/unknown/1", 1.0,
                            "applicant_group/unknown/0", 3.0));
            String version = server.server().model().version();
            assertThat(scrape.value("model_segment_decisions_total{class=\"1\",group=\"c\",model_version=\"" + version
                            + "\",segment=\"applicant_group\"}"))
                    .isZero();
        }
    }

    @Test
    void attributeTooLongIsRefusedWithItsLength() {
        try (RunningServer server = start()) {
            HttpResponse<String> response = server.api()
                    .postJson("/predict", applicant(30, true, "{\"applicant_group\": \"" + "x".repeat(65) + "\"}"));

            assertThat(response.body())
                    .isEqualTo(
                            "{\"status\":400,\"code\":\"invalid_attribute\",\"field\":\"monitoring.applicant_group\","
                                    + "\"error\":\"monitoring attribute 'applicant_group' must be 1 to 64 printable characters,"
                                    + " got a string of 65 characters\"}");
        }
    }

    @Test
    void outcomesCountOnceInTheGroupsOfTheLoggedDecisionDaysLaterAfterARestart() throws SQLException {
        String young;
        String elderly;
        try (RunningServer server = start()) {
            young = predict(server, applicant(23, true, "{\"applicant_group\": \"c\"}"), 1);
            elderly = predict(server, applicant(70, false, "{\"applicant_group\": \"zz\"}"), 0);
        }
        assertThat(storedAttributes(young)).isEqualTo("{\"applicant_group\":\"c\"}");
        clock.advance(Duration.ofDays(9));

        try (RunningServer restarted = start()) {
            for (int replay = 0; replay < 2; replay++) {
                feedback(restarted, young, 1, 200);
                feedback(restarted, elderly, 1, 200);
            }
            // Feedback cannot say which group a decision was in: the log alone does.
            HttpResponse<String> claim = restarted
                    .api()
                    .postJson(
                            "/feedback",
                            "{\"prediction_id\": \"" + young + "\", \"actual_outcome\": 1, \"monitoring\":"
                                    + " {\"applicant_group\": \"a\"}}");
            assertThat(claim.statusCode()).isEqualTo(400);

            Scrape scrape = restarted.scrape();
            assertThat(counted(scrape, "model_segment_feedback_total", "outcome"))
                    .isEqualTo(Map.of(
                            "age_band/18-24/tp", 1.0,
                            "age_band/62+/fn", 1.0,
                            "applicant_group/c/tp", 1.0,
                            "applicant_group/other/fn", 1.0));
            assertThat(counted(scrape, "model_segment_decisions_total", "class"))
                    .isEmpty();
            assertThat(scrape.value("model_feedback_duplicates_total")).isEqualTo(2);
        }
    }

    @Test
    void segmentsFileReplacesTheShippedSegments() throws IOException {
        Path file = Files.writeString(
                dir.resolve("segments.json"),
                "{\"segments\": [{\"name\": \"income_band\", \"feature\": \"income\", \"bands\": [{\"group\": \"low\","
                        + " \"to\": 50000}, {\"group\": \"high\", \"from\": 50000}]}, {\"name\": \"channel\", \"values\":"
                        + " [\"branch\", \"online\"]}]}");
        ServeSettings settings = ServeSettings.ephemeral(dir.resolve("log.db").toString()).toBuilder()
                .segmentsPath(file)
                .build();
        try (RunningServer server = start(settings)) {
            predict(server, applicant(30, true, "{\"channel\": \"online\"}"), 1);
            HttpResponse<String> shipped =
                    server.api().postJson("/predict", applicant(30, true, "{\"applicant_group\": \"a\"}"));

            assertThat(Json.body(shipped).get("error").asText())
                    .isEqualTo("monitoring attribute 'applicant_group' is not configured; expected [channel]");
            assertThat(counted(server.scrape(), "model_segment_decisions_total", "class"))
                    .isEqualTo(Map.of("income_band/high/1", 1.0, "channel/online/1", 1.0));
        }
    }

    @Test
    void anotherModelWithoutASegmentsFileTakesNoAttributes() {
        Path model = org.loanmodel.testing.NineFeatures.saveModel(dir.resolve("nine.json"));
        ServeSettings settings =
                ServeSettings.ephemeral(dir.resolve("log.db").toString()).withModel(model);
        try (RunningServer server = start(settings)) {
            HttpResponse<String> response = server.api()
                    .postJson(
                            "/predict",
                            "{\"years_trading\": 5, \"revenue\": 900000, \"requested\": 50000, \"debt_ratio\": 0.5,"
                                    + " \"employees\": 12, \"late_payments\": 0, \"sector\": 2, \"collateral\": 10000,"
                                    + " \"owner_score\": 700, \"monitoring\": {\"applicant_group\": \"a\"}}");

            assertThat(Json.body(response).get("error").asText())
                    .isEqualTo("monitoring attribute 'applicant_group' is not configured; expected none (no segments"
                            + " define attributes)");
            assertThat(server.scrape().samples().keySet()).noneMatch(sample -> sample.startsWith("model_segment_"));
        }
    }

    /** One server for every refusal: none of them may change what it counts but the error counter. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Refusals {
        private RunningServer server;

        @BeforeAll
        void startOnce(@TempDir Path folder) {
            server = RunningServer.start(folder);
        }

        @AfterAll
        void stop() {
            server.close();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                {"applicant_grup": "a"}                      | unknown_field     | monitoring.applicant_grup   | monitoring attribute 'applicant_grup' is not configured; expected [applicant_group]
                {"applicant_group": 3}                       | not_a_string      | monitoring.applicant_group  | monitoring attribute 'applicant_group' must be a string, got 3
                {"applicant_group": ["a"]}                   | not_a_string      | monitoring.applicant_group  | monitoring attribute 'applicant_group' must be a string, got an array
                {"applicant_group": ""}                      | invalid_attribute | monitoring.applicant_group  | monitoring attribute 'applicant_group' must be 1 to 64 printable characters, got an empty string
                {"applicant_group": "a\\tb"}                 | invalid_attribute | monitoring.applicant_group  | monitoring attribute 'applicant_group' must be 1 to 64 printable characters, got a string with unprintable characters
                {"applicant_group": "a", "applicant_group": "b"} | duplicate_field | monitoring.applicant_group | field 'monitoring.applicant_group' appears more than once
                "a"                                          | not_an_object     | monitoring                  | field 'monitoring' must be an object of attribute strings, got string "a"
                """)
        void malformedMonitoringIsRefusedBeforeAnythingIsCounted(
                String monitoring, String code, String field, String error) {
            Scrape before = server.scrape();

            HttpResponse<String> response = server.api().postJson("/predict", applicant(30, true, monitoring));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Json.body(response).get("code").asText()).isEqualTo(code);
            assertThat(Json.body(response).get("field").asText()).isEqualTo(field);
            assertThat(Json.body(response).get("error").asText()).isEqualTo(error);
            Scrape after = server.scrape();
            assertThat(counted(after, "model_segment_decisions_total", "class")).isEmpty();
            assertThat(after.value("model_errors_total{reason=\"invalid_input\"}"))
                    .isEqualTo(before.value("model_errors_total{reason=\"invalid_input\"}") + 1);
        }
    }

    private static void feedback(RunningServer server, String id, int actual, int status) {
        HttpResponse<String> response = server.api()
                .postJson("/feedback", "{\"prediction_id\": \"" + id + "\", \"actual_outcome\": " + actual + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    private String storedAttributes(String id) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("log.db"));
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT monitoring_attributes FROM predictions WHERE prediction_id = '" + id + "'")) {
            row.next();
            return row.getString(1);
        }
    }
}
