package org.loanmodel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.loanmodel.model.LoanApplication;

/**
 * A minimal Open Inference Protocol v2 client over {@link TestClient}: builds infer requests from
 * applications in either tensor layout and reads the answer's output tensors.
 */
public final class InferenceClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClient http;
    private final String model;

    public InferenceClient(TestClient http, String model) {
        this.http = http;
        this.model = model;
    }

    /** One answered row. */
    public record Row(double probability, int approvalStatus, String predictionId) {}

    /** The request body with one [N, F] tensor of the given datatype. */
    public static String matrixRequest(List<LoanApplication> rows, String datatype) {
        ObjectNode request = JSON.createObjectNode();
        request.put("id", "test-1");
        ObjectNode tensor = request.putArray("inputs").addObject();
        tensor.put("name", "applications");
        tensor.putArray("shape").add(rows.size()).add(rows.get(0).size());
        tensor.put("datatype", datatype);
        ArrayNode data = tensor.putArray("data");
        rows.forEach(row -> {
            for (double value : row.values()) {
                data.add(value);
            }
        });
        return request.toString();
    }

    /** The request body with one [N] FP64 tensor per feature. */
    public static String columnRequest(List<LoanApplication> rows) {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode inputs = request.putArray("inputs");
        var schema = rows.get(0).schema();
        for (int f = 0; f < schema.size(); f++) {
            ObjectNode tensor = inputs.addObject();
            tensor.put("name", schema.name(f));
            tensor.putArray("shape").add(rows.size());
            tensor.put("datatype", "FP64");
            ArrayNode data = tensor.putArray("data");
            for (LoanApplication row : rows) {
                data.add(row.value(f));
            }
        }
        return request.toString();
    }

    public HttpResponse<String> infer(String body) {
        return http.postJson("/v2/models/" + model + "/infer", body);
    }

    /** The rows of a 200 answer, from its three output tensors. */
    public static List<Row> rows(HttpResponse<String> answer) {
        JsonNode body = Json.body(answer);
        JsonNode probability = null;
        JsonNode status = null;
        JsonNode ids = null;
        for (JsonNode output : body.get("outputs")) {
            switch (output.get("name").asText()) {
                case "probability" -> probability = output.get("data");
                case "approval_status" -> status = output.get("data");
                case "prediction_id" -> ids = output.get("data");
                default -> throw new AssertionError("unexpected output " + output);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < probability.size(); i++) {
            rows.add(new Row(
                    probability.get(i).asDouble(),
                    status.get(i).asInt(),
                    ids.get(i).asText()));
        }
        return rows;
    }
}
