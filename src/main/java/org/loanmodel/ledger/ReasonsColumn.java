package org.loanmodel.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import org.loanmodel.model.Reason;

/**
 * The {@code reasons} column: the reasons of a denial as a JSON array of {@code {"code", "feature",
 * "text", "contribution"}} objects, NULL when there were none.
 */
final class ReasonsColumn {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {};
    /**
     * Written field by field with Schubfach for the contribution: the writer encodes most rows of
     * a batch of denials, and data binding with the JDK's double conversion took half of its Java
     * time. The text reads back to the same reasons, doubles bit for bit.
     */
    private static final JsonFactory WRITER = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private ReasonsColumn() {}

    static String encode(List<Reason> reasons) {
        if (reasons.isEmpty()) {
            return null;
        }
        StringWriter text = new StringWriter(128 * reasons.size());
        try (JsonGenerator json = WRITER.createGenerator(text)) {
            json.writeStartArray();
            for (Reason reason : reasons) {
                json.writeStartObject();
                json.writeStringField("code", reason.code());
                json.writeStringField("feature", reason.feature());
                json.writeStringField("text", reason.text());
                json.writeNumberField("contribution", reason.contribution());
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode reasons", e);
        }
        return text.toString();
    }

    static List<Reason> decode(String text, String predictionId) {
        if (text == null) {
            return List.of();
        }
        try {
            return List.copyOf(JSON.readValue(text, REASONS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "prediction " + predictionId + " has unreadable reasons: " + e.getOriginalMessage());
        }
    }
}
