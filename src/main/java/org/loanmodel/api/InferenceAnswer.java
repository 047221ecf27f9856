package org.loanmodel.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.loanmodel.codec.Json;
import org.loanmodel.model.Decision;

/**
 * The body of an answered Open Inference Protocol {@code infer} request: the model's name and
 * version, the client's id, and one output tensor of shape {@code [N]} per output asked for
 * ({@code probability} FP64, {@code approval_status} INT32, {@code prediction_id} BYTES), rows in
 * request order.
 */
final class InferenceAnswer {
    /** About what one row takes over all three outputs: a shortest double, a digit, a quoted id. */
    private static final int BYTES_PER_ROW = 64;

    private InferenceAnswer() {}

    static byte[] write(String modelName, String modelVersion, String id, List<String> outputs, List<Decision> rows) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(256 + BYTES_PER_ROW * rows.size());
                JsonGenerator json = Json.FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("model_name", modelName);
            json.writeStringField("model_version", modelVersion);
            if (id != null) {
                json.writeStringField("id", id);
            }
            json.writeArrayFieldStart("outputs");
            for (String output : outputs) {
                tensor(json, output, rows);
            }
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void tensor(JsonGenerator json, String output, List<Decision> rows) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", output);
        json.writeStringField(
                "datatype",
                switch (output) {
                    case "probability" -> "FP64";
                    case "approval_status" -> "INT32";
                    default -> "BYTES";
                });
        json.writeArrayFieldStart("shape");
        json.writeNumber(rows.size());
        json.writeEndArray();
        json.writeArrayFieldStart("data");
        switch (output) {
            case "probability" -> {
                for (Decision decision : rows) {
                    json.writeNumber(decision.probability());
                }
            }
            case "approval_status" -> {
                for (Decision decision : rows) {
                    json.writeNumber(decision.approvalStatus());
                }
            }
            default -> {
                for (Decision decision : rows) {
                    json.writeString(decision.predictionId());
                }
            }
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
