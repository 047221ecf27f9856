package org.loanmodel.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.loanmodel.model.Numbers;

/** The one Jackson factory of the wire format and the helpers every body writer uses. */
public final class Json {
    /**
     * Schubfach and FastDoubleParser instead of the JDK's number conversions: each {@code /predict}
     * answer writes and reads eight doubles.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private Json() {}

    /** Writes the fields of one JSON object. */
    @FunctionalInterface
    public interface ObjectWriter {
        void fields(JsonGenerator json) throws IOException;
    }

    /** One JSON object, UTF-8. */
    public static byte[] object(ObjectWriter writer) {
        // A denial's answer with its reasons is about 600 bytes: one block, no growing.
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
                JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            writer.fields(json);
            json.writeEndObject();
            json.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A number as a person writes it: whole values without a fraction. */
    public static void number(JsonGenerator json, double value) throws IOException {
        if (Numbers.isWhole(value)) {
            json.writeNumber((long) value);
        } else {
            json.writeNumber(value);
        }
    }

    /** JSON has no NaN: an undefined number is written as null. */
    public static void numberOrNull(JsonGenerator json, String name, double value) throws IOException {
        json.writeFieldName(name);
        if (Double.isFinite(value)) {
            json.writeNumber(value);
        } else {
            json.writeNull();
        }
    }

    /** A string field that may be null. */
    public static void stringOrNull(JsonGenerator json, String name, String value) throws IOException {
        json.writeFieldName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }
}
