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
import org.loanmodel.model.Attribution;
import org.loanmodel.model.Reason;

/**
 * The {@code reasons} column: the reasons of a denial and every feature's contribution they were
 * drawn from, as JSON ({@code {"reasons": [...], "scale": ..., "baseValue": ..., "contributions":
 * [...]}}, contributions in schema order); NULL when there were none. Rows written before
 * contributions were kept hold the bare array of reasons, and still read.
 */
final class ReasonsColumn {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {};
    /**
     * Written field by field, doubles with Schubfach: the writer encodes most rows (most
     * applicants are denied), and data binding with the JDK's double conversion took most of the
     * writer's time in a profile. The text reads back to the same doubles, bit for bit.
     */
    private static final JsonFactory WRITER = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    /** What one row holds. */
    record Explained(List<Reason> reasons, Attribution attribution) {
        static final Explained NONE = new Explained(List.of(), null);
    }

    /** The column's JSON object. */
    private record Document(List<Reason> reasons, String scale, double baseValue, double[] contributions) {}

    private ReasonsColumn() {}

    static String encode(List<Reason> reasons, Attribution attribution) {
        if (reasons.isEmpty() && attribution == null) {
            return null;
        }
        StringWriter text = new StringWriter(160 + 120 * reasons.size());
        try (JsonGenerator json = WRITER.createGenerator(text)) {
            if (attribution == null) {
                writeReasons(json, reasons);
            } else {
                writeDocument(json, reasons, attribution);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode reasons", e);
        }
        // After the generator is closed: only then is everything flushed to the text.
        return text.toString();
    }

    private static void writeDocument(JsonGenerator json, List<Reason> reasons, Attribution attribution)
            throws IOException {
        json.writeStartObject();
        json.writeFieldName("reasons");
        writeReasons(json, reasons);
        json.writeStringField("scale", attribution.scale());
        json.writeNumberField("baseValue", attribution.baseValue());
        json.writeFieldName("contributions");
        json.writeStartArray();
        for (int i = 0; i < attribution.size(); i++) {
            json.writeNumber(attribution.contribution(i));
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeReasons(JsonGenerator json, List<Reason> reasons) throws IOException {
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
    }

    static Explained decode(String text, String predictionId) {
        if (text == null) {
            return Explained.NONE;
        }
        try {
            if (text.startsWith("[")) {
                return new Explained(List.copyOf(JSON.readValue(text, REASONS)), null);
            }
            Document document = JSON.readValue(text, Document.class);
            return new Explained(
                    List.copyOf(document.reasons()),
                    new Attribution(document.scale(), document.baseValue(), document.contributions()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "prediction " + predictionId + " has unreadable reasons: " + e.getOriginalMessage());
        }
    }
}
