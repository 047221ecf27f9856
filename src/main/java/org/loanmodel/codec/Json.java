package org.loanmodel.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
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
        ExactBytes bytes = new ExactBytes();
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            writer.fields(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * What the generator hands over, in an array of exactly its length. The generator encodes into
     * a buffer of its own that Jackson reuses per thread and writes it out when full or closed, so
     * an answer shorter than that buffer (every answer but large batches) arrives in one write and
     * is copied once; a growing builder would allocate a block and then copy it into the result.
     */
    private static final class ExactBytes extends OutputStream {
        private byte[] bytes = new byte[0];
        private int count;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] source, int offset, int length) {
            if (count + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, count == 0 ? length : Math.max(2 * bytes.length, count + length));
            }
            System.arraycopy(source, offset, bytes, count, length);
            count += length;
        }

        byte[] toByteArray() {
            return count == bytes.length ? bytes : Arrays.copyOf(bytes, count);
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
