package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.JsonEdits;
import org.loanmodel.testing.RunningServer;

/**
 * Seeded fuzzing of {@code POST /v2/models/loan-model/infer}: valid requests in both layouts (one
 * {@code [N, 7]} tensor, one tensor per feature, and a tensor of no rows) with one to three
 * structural edits each. Every
 * answer is 200 with one output row per input row, or a 4xx in the protocol's {@code {"error":
 * ...}} shape in the service's words; the rows counted as decided and the rows logged are exactly
 * the rows answered, and the service is still ready at the end.
 */
class InferenceFuzzTest {
    private static final String MATRIX = "{\"id\": \"fuzz\", \"inputs\": [{\"name\": \"applications\","
            + " \"shape\": [3, 7], \"datatype\": \"FP64\", \"data\": [[35, 75000, 25000, 36, 720, 1, 1],"
            + " [35, 25000, 25000, 36, 550, 1, 1], [52, 98000.5, 40000, 60, 690, 0, 2]]}],"
            + " \"outputs\": [{\"name\": \"probability\"}, {\"name\": \"prediction_id\"}]}";
    /** No rows at all: a batch a client's chunking can produce, which once stopped the log's writer. */
    private static final String EMPTY = "{\"inputs\": [{\"name\": \"applications\", \"shape\": [0, 7],"
            + " \"datatype\": \"FP64\", \"data\": []}]}";

    private static final String PER_FEATURE = "{\"inputs\": ["
            + "{\"name\": \"age\", \"shape\": [2], \"datatype\": \"INT32\", \"data\": [35, 61]},"
            + "{\"name\": \"income\", \"shape\": [2], \"datatype\": \"FP32\", \"data\": [75000, 25000]},"
            + "{\"name\": \"loan_amount\", \"shape\": [2, 1], \"datatype\": \"FP64\", \"data\": [[25000], [45000]]},"
            + "{\"name\": \"loan_term\", \"shape\": [2], \"datatype\": \"INT64\", \"data\": [36, 12]},"
            + "{\"name\": \"credit_score\", \"shape\": [2], \"datatype\": \"FP64\", \"data\": [720, 580]},"
            + "{\"name\": \"employment_status\", \"shape\": [2], \"datatype\": \"INT8\", \"data\": [1, 0]},"
            + "{\"name\": \"loan_purpose\", \"shape\": [2], \"datatype\": \"UINT8\", \"data\": [1, 3]}]}";
    private static final List<String> LIBRARY_WORDS = JsonEdits.libraryWordsAnd("`", "JsonToken");

    @TempDir
    Path dir;

    @Test
    void editedInferenceRequestsAreDecidedWholeOrRefusedInTheProtocolsShape() {
        SplittableRandom random = new SplittableRandom(20261203L);
        long rowsAnswered = 0;
        int refused = 0;
        try (RunningServer server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("log.db").toString()), Clock.systemUTC())) {
            JsonNode[] bases = {Json.parse(MATRIX), Json.parse(PER_FEATURE), Json.parse(EMPTY)};
            for (int i = 0; i < 600; i++) {
                List<String> edits = new ArrayList<>();
                JsonNode request = JsonEdits.edited(bases[i % bases.length], random, 3, edits);
                HttpResponse<String> answer = server.api().postJson("/v2/models/loan-model/infer", request.toString());
                String what = "try " + i + " " + edits + ": " + answer.statusCode() + " " + answer.body();
                assertThat(answer.statusCode()).as(what).isIn(200, 400);
                JsonNode body = Json.parse(answer.body());
                if (answer.statusCode() == 200) {
                    JsonNode first = body.at("/outputs/0");
                    assertThat(first.get("data").size())
                            .as(what)
                            .isEqualTo(first.at("/shape/0").asInt());
                    rowsAnswered += first.at("/shape/0").asInt();
                } else {
                    refused++;
                    assertThat(body.size()).as(what).isEqualTo(1);
                    assertThat(body.get("error").asText()).as(what).isNotBlank().doesNotContain(LIBRARY_WORDS);
                }
            }
            assertThat(server.scrape().value("model_success_total")).isEqualTo((double) rowsAnswered);
            // No edit may stop the log: every row answered is stored and the service stays ready.
            long answered = rowsAnswered;
            Await.until(
                    "every answered row logged",
                    Duration.ofSeconds(10),
                    () -> server.server().log().rows() == answered);
            assertThat(server.api().get("/ready").statusCode()).isEqualTo(200);
        }
        assertThat(refused).isGreaterThan(200);
        // Both branches ran: most edits break a request, some (an unknown output removed, a value still in range) do
        // not.
        assertThat(rowsAnswered).isGreaterThan(10);
    }
}
