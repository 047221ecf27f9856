package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.InferenceClient;
import org.loanmodel.testing.InferenceClient.Row;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.training.LoanDataGenerator;

/** Open Inference Protocol v2 conformance: health, metadata, infer in both layouts, errors. */
class InferenceProtocolTest {
    @TempDir
    Path dir;

    private RunningServer server;
    private InferenceClient client;

    @BeforeEach
    void start() {
        server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("log.db").toString()), Clock.systemUTC());
        client = new InferenceClient(server.api(), "loan-model");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<LoanApplication> applicants(int count) {
        LoanDataGenerator generator = new LoanDataGenerator(11, 0);
        List<LoanApplication> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(generator.nextApplication());
        }
        return rows;
    }

    private double probabilityOf(LoanApplication application) {
        return server.server().model().probability(application);
    }

    /** The request is refused 400 with {@code error}, and nothing of it is decided or logged. */
    private void assertRefused(String body, String error) {
        HttpResponse<String> answer = client.infer(body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"error\":\"" + error + "\"}");
        assertThat(server.scrape().value("model_success_total")).isZero();
        assertThat(server.server().log().rows()).isZero();
    }

    @Test
    void healthAndServerMetadata() {
        assertThat(server.api().get("/v2/health/live").body()).isEqualTo("{\"live\":true}");
        assertThat(server.api().get("/v2/health/ready").body()).isEqualTo("{\"ready\":true}");
        JsonNode meta = Json.body(server.api().get("/v2"));
        assertThat(meta.get("name").asText()).isEqualTo("loan-model-api");
        assertThat(meta.get("extensions").isArray()).isTrue();
        assertThat(server.api().get("/v2/models/loan-model/ready").body())
                .isEqualTo("{\"name\":\"loan-model\",\"ready\":true}");
    }

    @Test
    void modelMetadataComesFromTheSchema() {
        String version = server.server().model().version();
        for (String path : List.of("/v2/models/loan-model", "/v2/models/loan-model/versions/" + version)) {
            JsonNode meta = Json.body(server.api().get(path));
            assertThat(meta.get("name").asText()).isEqualTo("loan-model");
            assertThat(meta.get("versions").get(0).asText()).isEqualTo(version);
            assertThat(meta.at("/inputs/0").toString())
                    .isEqualTo("{\"name\":\"applications\",\"datatype\":\"FP64\",\"shape\":[-1,7]}");
            assertThat(meta.at("/inputs/1").toString())
                    .isEqualTo("{\"name\":\"age\",\"datatype\":\"FP64\",\"shape\":[-1]}");
            assertThat(meta.get("outputs").toString())
                    .isEqualTo("[{\"name\":\"probability\",\"datatype\":\"FP64\",\"shape\":[-1]},"
                            + "{\"name\":\"approval_status\",\"datatype\":\"INT32\",\"shape\":[-1]},"
                            + "{\"name\":\"prediction_id\",\"datatype\":\"BYTES\",\"shape\":[-1]}]");
        }
    }

    @Test
    void matrixBatchIsDecidedLoggedAndJoinableRowByRow() {
        List<LoanApplication> rows = applicants(50);
        HttpResponse<String> answer = client.infer(InferenceClient.matrixRequest(rows, "FP64"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = Json.body(answer);
        assertThat(body.get("model_name").asText()).isEqualTo("loan-model");
        assertThat(body.get("model_version").asText())
                .isEqualTo(server.server().model().version());
        assertThat(body.get("id").asText()).isEqualTo("test-1");
        List<Row> decided = InferenceClient.rows(answer);
        assertThat(decided).hasSize(50);
        for (int i = 0; i < rows.size(); i++) {
            double expected = probabilityOf(rows.get(i));
            assertThat(decided.get(i).probability()).isEqualTo(expected);
            assertThat(decided.get(i).approvalStatus()).isEqualTo(expected >= 0.5 ? 1 : 0);
        }
        assertThat(decided).extracting(Row::predictionId).doesNotHaveDuplicates();
        assertThat(server.scrape().value("model_success_total")).isEqualTo(50.0);

        Row first = decided.get(0);
        JsonNode feedback = Json.body(server.api()
                .postJson(
                        "/feedback",
                        "{\"prediction_id\": \"" + first.predictionId() + "\", \"actual_outcome\": "
                                + first.approvalStatus() + "}"));
        assertThat(feedback.get("verified").asBoolean()).isTrue();
        assertThat(feedback.get("outcome").asText()).isEqualTo(first.approvalStatus() == 1 ? "tp" : "tn");
    }

    @Test
    void oneTensorPerFeatureAnswersTheSame() {
        List<LoanApplication> rows = applicants(8);
        List<Row> columns = InferenceClient.rows(client.infer(InferenceClient.columnRequest(rows)));
        for (int i = 0; i < rows.size(); i++) {
            assertThat(columns.get(i).probability()).isEqualTo(probabilityOf(rows.get(i)));
        }
    }

    @Test
    void nestedDataAndFp32AreRead() {
        String body = "{\"inputs\": [{\"name\": \"x\", \"shape\": [2, 7], \"datatype\": \"FP32\", \"data\": "
                + "[[35, 75000.1, 25000, 36, 720, 1, 1], [35, 25000, 25000, 36, 720, 1, 1]]}],"
                + " \"outputs\": [{\"name\": \"probability\"}]}";
        HttpResponse<String> answer = client.infer(body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode outputs = Json.body(answer).get("outputs");
        assertThat(outputs).hasSize(1);
        double rounded = (float) 75000.1;
        assertThat(outputs.get(0).get("data").get(0).asDouble())
                .isEqualTo(probabilityOf(LoanDataGenerator.loan(35, rounded, 25000, 36, 720, 1, 1)));
        assertThat(outputs.get(0).get("shape").toString()).isEqualTo("[2]");
    }

    @Test
    void aBatchOfNoRowsIsAnsweredEmptyAndTheLogGoesOn() {
        String matrix = "{\"inputs\": [{\"name\": \"x\", \"shape\": [0, 7], \"datatype\": \"FP64\", \"data\": []}]}";
        String columns = "{\"inputs\": ["
                + String.join(
                        ",",
                        LoanDataGenerator.SCHEMA.names().stream()
                                .map(name -> "{\"name\": \"" + name
                                        + "\", \"shape\": [0], \"datatype\": \"FP64\", \"data\": []}")
                                .toList())
                + "]}";
        for (String body : List.of(matrix, columns)) {
            HttpResponse<String> answer = client.infer(body);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(Json.body(answer).get("outputs").toString())
                    .isEqualTo("[{\"name\":\"probability\",\"datatype\":\"FP64\",\"shape\":[0],\"data\":[]},"
                            + "{\"name\":\"approval_status\",\"datatype\":\"INT32\",\"shape\":[0],\"data\":[]},"
                            + "{\"name\":\"prediction_id\",\"datatype\":\"BYTES\",\"shape\":[0],\"data\":[]}]");
        }
        // Before, an empty batch reached the log's writer and stopped it: every later decision got 503.
        List<Row> decided = InferenceClient.rows(client.infer(InferenceClient.matrixRequest(applicants(3), "FP64")));
        assertThat(decided).hasSize(3);
        assertThat(server.api().get("/ready").statusCode()).isEqualTo(200);
        assertThat(server.api().postJson("/predict", ApiTest.SEED_PREDICT).statusCode())
                .isEqualTo(200);
        Await.until(
                "both requests logged",
                Duration.ofSeconds(10),
                () -> server.server().log().rows() == 4);
        assertThat(server.scrape().value("model_success_total")).isEqualTo(4.0);
    }

    @Test
    void aShapeWhoseSizeOverflowsIsRefusedNotReadAsAnotherShape() {
        // 2635249153387078803 × 7 wraps around 2^64 to 5: before, the five values passed for this
        // shape and the request was answered 200 with no rows.
        String body = "{\"inputs\": [{\"name\": \"x\", \"shape\": [2635249153387078803, 7], \"datatype\": \"FP64\","
                + " \"data\": [35, 75000, 25000, 36, 720]}]}";
        assertRefused(
                body, "inputs[0] ('x') has shape [2635249153387078803, 7], more values than any request may hold");
    }

    @Test
    void valuesMustBeWhatTheirDatatypeHolds() {
        String template = "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 7], \"datatype\": \"%s\","
                + " \"data\": [%s, 75000, 25000, 36, 720, 1, 1]}]}";
        String[][] refused = {
            {"INT8", "300", "whole numbers from -128 to 127 for datatype INT8, got 300 at value 0"},
            {"INT32", "35.5", "whole numbers from -2147483648 to 2147483647 for datatype INT32, got 35.5 at value 0"},
            {"UINT8", "-1", "whole numbers from 0 to 255 for datatype UINT8, got -1 at value 0"},
            // The income, 75000, does not fit 16 bits.
            {"INT16", "35", "whole numbers from -32768 to 32767 for datatype INT16, got 75000 at value 1"}
        };
        for (String[] type : refused) {
            assertRefused(template.formatted(type[0], type[1]), "inputs[0].data must hold " + type[2]);
        }
        assertRefused(
                template.formatted("FP16", "35"),
                "inputs[0] ('x') has datatype FP16; features need FP64, FP32, INT64, INT32, INT16, INT8, UINT64,"
                        + " UINT32, UINT16 or UINT8");
        for (String type : List.of("INT32", "INT64", "UINT32", "UINT64")) {
            HttpResponse<String> whole = client.infer(template.formatted(type, "35"));
            assertThat(whole.statusCode()).as(type + ": " + whole.body()).isEqualTo(200);
        }
    }

    @Test
    void aBadRowRejectsTheWholeBatchNamingRowAndField() {
        String body = "{\"inputs\": [{\"name\": \"x\", \"shape\": [2, 7], \"datatype\": \"FP64\", \"data\": "
                + "[35, 75000, 25000, 36, 720, 1, 1, 35, -5, 25000, 36, 720, 1, 1]}]}";
        assertRefused(body, "row 1: feature 'income' must be a number between 0 and 10000000, got -5");
    }

    @Test
    void protocolExampleRequestsGetTheProtocolsErrorShape() {
        // The protocol's own example body, sent to this model: the shape does not fit its features.
        String example = "{\"id\": \"42\", \"inputs\": [{\"name\": \"input0\", \"shape\": [2, 2], \"datatype\":"
                + " \"UINT32\", \"data\": [1, 2, 3, 4]}], \"outputs\": [{\"name\": \"output0\"}]}";
        HttpResponse<String> answer = client.infer(example);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body())
                .isEqualTo("{\"error\":\"tensor 'input0' has shape [2, 2]; send shape [N, 7] with the features [age,"
                        + " income, loan_amount, loan_term, credit_score, employment_status, loan_purpose] as columns,"
                        + " or one tensor per feature\"}");
        String bytes =
                "{\"inputs\": [{\"name\": \"input0\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"a\"]}]}";
        assertThat(client.infer(bytes).body()).startsWith("{\"error\":\"inputs[0].data must hold only numbers");
        assertThat(server.api().get("/v2/models/other").body())
                .isEqualTo("{\"error\":\"model 'other' is not served here; this server serves 'loan-model'\"}");
        assertThat(server.api()
                        .get("/v2/models/loan-model/versions/000000000000")
                        .statusCode())
                .isEqualTo(404);
        HttpResponse<String> unknownOutput = client.infer(InferenceClient.matrixRequest(applicants(1), "FP64")
                .replace("\"id\":\"test-1\",", "\"outputs\":[{\"name\":\"output0\"}],"));
        assertThat(unknownOutput.body())
                .isEqualTo("{\"error\":\"output 'output0' does not exist; outputs are [probability, approval_status,"
                        + " prediction_id]\"}");
        assertThat(server.api()
                        .post("/v2/models/loan-model/infer", "text/plain", "{}")
                        .body())
                .isEqualTo("{\"error\":\"Content-Type must be application/json, got 'text/plain'\"}");
    }
}
