package org.loanmodel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.Scrape;
import org.loanmodel.testing.TestClient;

/**
 * Predictions and feedback sent by the storage-fault tests, with every answer tallied: the ids
 * acknowledged with 200, and how many requests got each status and error code, to check against
 * the service's counters and the prediction log's rows afterwards.
 */
final class Answers {
    static final String APPLICATION = "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000,"
            + " \"loan_term\": 36, \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}";
    static final String CANNOT_WRITE = "prediction log cannot write; nothing was stored, retry later";

    private final TestClient api;
    private final Set<String> acknowledged = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Map<String, Integer> predictAnswers = new ConcurrentHashMap<>();

    Answers(TestClient api) {
        this.api = api;
    }

    /** Sends one application; returns its answer. */
    HttpResponse<String> predict() {
        HttpResponse<String> response = api.postJson("/predict", APPLICATION);
        JsonNode body = Json.body(response);
        if (response.statusCode() == 200) {
            acknowledged.add(body.get("prediction_id").asText());
        }
        predictAnswers.merge(kind(response, body), 1, Integer::sum);
        return response;
    }

    /** Sends predictions until one is answered with 503 (at most {@code limit}); returns that answer. */
    HttpResponse<String> predictUntilRefused(int limit) {
        for (int i = 0; i < limit; i++) {
            HttpResponse<String> response = predict();
            if (response.statusCode() == 503) {
                return response;
            }
        }
        throw new AssertionError("no prediction refused in " + limit + " requests: " + predictAnswers);
    }

    HttpResponse<String> feedback(String predictionId, int outcome) {
        return api.postJson(
                "/feedback", "{\"prediction_id\": \"" + predictionId + "\", \"actual_outcome\": " + outcome + "}");
    }

    /** {@code 200}, or the status and code of an error, e.g. {@code 503 log_unavailable}. */
    private static String kind(HttpResponse<String> response, JsonNode body) {
        return response.statusCode() == 200
                ? "200"
                : response.statusCode() + " " + body.get("code").asText();
    }

    /** Asserts a 503 {@code log_unavailable} answer with its retry hint and message. */
    static void assertUnavailable(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode body = Json.body(response);
        assertThat(body.get("code").asText()).isEqualTo("log_unavailable");
        assertThat(body.get("error").asText()).isEqualTo(message);
    }

    /**
     * Asserts that the service's counters agree with the answers this tally saw: every prediction
     * counted once as success or {@code log_unavailable}, none as overloaded, every acknowledged
     * decision committed once, and the outcomes counted as given.
     */
    void assertCountersAddUp(Scrape scrape, String modelVersion, int outcomesCounted, int outcomesRefused) {
        int acknowledgedCount = acknowledged().size();
        assertThat(scrape.value("model_requests_total")).isEqualTo(predictions());
        assertThat(scrape.value("model_success_total")).isEqualTo(acknowledgedCount);
        assertThat(scrape.value("model_errors_total{reason=\"log_unavailable\"}"))
                .isEqualTo(predictAnswers("503 log_unavailable"))
                .isEqualTo(predictions() - acknowledgedCount);
        assertThat(scrape.value("model_errors_total{reason=\"overloaded\"}")).isZero();
        assertThat(scrape.value("model_prediction_log_rejected_total")).isZero();
        assertThat(scrape.value("model_prediction_log_committed_total")).isEqualTo(acknowledgedCount);
        assertThat(scrape.value("model_prediction_log_write_failures_total")).isPositive();
        assertThat(scrape.value("model_feedback_rejected_total{reason=\"log_unavailable\"}"))
                .isEqualTo(outcomesRefused);
        assertThat(scrape.value("model_feedback_total{model_version=\"" + modelVersion + "\",outcome=\"tp\"}"))
                .isEqualTo(outcomesCounted);
    }

    Set<String> acknowledged() {
        synchronized (acknowledged) {
            return new LinkedHashSet<>(acknowledged);
        }
    }

    /** How many predictions got each kind of answer: {@code {200=57, 503 log_unavailable=21}}. */
    Map<String, Integer> predictAnswers() {
        return new TreeMap<>(predictAnswers);
    }

    int predictAnswers(String kind) {
        return predictAnswers.getOrDefault(kind, 0);
    }

    int predictions() {
        return predictAnswers.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * A second connection to a SQLite log, kept open as a reader would be. While it is open, the
     * service replacing its own connection after a failure does not close the last connection to
     * the file, which would checkpoint and delete the WAL, freeing space on a full disk and ending
     * the outage by itself: real, but not what a test of a full disk wants to happen at a random
     * moment.
     */
    static Connection reader(String jdbcUrl) {
        try {
            Connection connection = DriverManager.getConnection(jdbcUrl);
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM predictions")) {
                rows.next();
            }
            return connection;
        } catch (SQLException e) {
            throw new AssertionError("cannot read " + jdbcUrl, e);
        }
    }

    /** The ids in the prediction log at {@code jdbcUrl}, read behind the service's back. */
    static Set<String> storedIds(String jdbcUrl) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            return storedIds(connection);
        } catch (SQLException e) {
            throw new AssertionError("cannot read " + jdbcUrl, e);
        }
    }

    static Set<String> storedIds(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT prediction_id FROM predictions")) {
            Set<String> ids = new LinkedHashSet<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    /** The outcome stored for one decision, read behind the service's back; null when none. */
    static Integer storedOutcome(String jdbcUrl, String predictionId) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            return storedOutcome(connection, predictionId);
        } catch (SQLException e) {
            throw new AssertionError("cannot read " + jdbcUrl, e);
        }
    }

    static Integer storedOutcome(Connection connection, String predictionId) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT actual_outcome FROM predictions WHERE prediction_id = '" + predictionId + "'")) {
            assertThat(row.next()).as("decision %s is stored", predictionId).isTrue();
            int outcome = row.getInt(1);
            return row.wasNull() ? null : outcome;
        }
    }
}
