package org.loanmodel.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.model.LoanApplication;

/**
 * The {@code POST /predict} body of one schema: a JSON object with one number per feature, read in
 * one streaming pass with an error that names the field for every rule, and written the way
 * clients send it.
 *
 * <p>Unknown fields are rejected rather than ignored: a misspelt or extra field in a credit decision
 * is a client bug worth surfacing, not something to drop silently.
 *
 * <p>Example: {@code new ApplicationCodec(model.schema()).read(body)}.
 */
public final class ApplicationCodec {
    private final FeatureSchema schema;
    /** The features' names, encoded once: written into every answer. */
    private final SerializedString[] fieldNames;

    private final String shape;

    public ApplicationCodec(FeatureSchema schema) {
        this.schema = schema;
        this.shape = "a JSON object with the features " + schema.names();
        this.fieldNames = schema.names().stream().map(SerializedString::new).toArray(SerializedString[]::new);
        // Encoded now rather than by the first answer: the warm-up's codec had encoded its own long
        // before C2 compiled the answer, which then left the encoding out, so the real codec's first
        // answer after /ready threw the compiled code away.
        for (SerializedString name : fieldNames) {
            name.asQuotedUTF8();
        }
    }

    public FeatureSchema schema() {
        return schema;
    }

    /** Reads and validates an application. */
    public LoanApplication read(byte[] body) {
        return read(body, null);
    }

    /**
     * Reads and validates an application whose body may hold fields that are not features, each
     * handed to {@code other}; without it they are refused.
     */
    public LoanApplication read(byte[] body, OtherField other) {
        try (JsonParser parser = RequestBodies.open(body, shape)) {
            double[] values = readFields(parser, other);
            RequestBodies.expectEnd(parser);
            // Reports the first problem in schema order, whether missing or invalid.
            return LoanApplication.of(schema, values);
        } catch (JsonProcessingException e) {
            throw RequestBodies.malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the features of an object whose first field name the parser is on or before, until its
     * end; a field the schema does not have goes to {@code other} when given, else is refused.
     *
     * @return the values in schema order, {@code NaN} where absent
     */
    public double[] readFields(JsonParser parser, OtherField other) throws IOException {
        double[] values = new double[schema.size()];
        Arrays.fill(values, Double.NaN);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            int index = schema.indexOf(name);
            if (index < 0) {
                if (other == null) {
                    throw unknownField(name);
                }
                other.read(name, parser);
                continue;
            }
            if (!Double.isNaN(values[index])) {
                throw RequestBodies.duplicate(name);
            }
            JsonToken token = parser.nextToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                if (token == JsonToken.VALUE_NULL && schema.feature(index).optional()) {
                    continue;
                }
                throw new InvalidInputException(
                        name,
                        "not_a_number",
                        "feature '" + name + "' must be a number, got " + RequestBodies.describe(token, parser));
            }
            values[index] = parser.getDoubleValue();
        }
        return values;
    }

    /** The error for a field that is neither a feature nor anything else the body may hold. */
    public InvalidInputException unknownField(String name) {
        return new InvalidInputException(
                name, "unknown_field", "field '" + name + "' is not a model feature; expected " + schema.names());
    }

    /** Reads a field of the body that is not a feature. */
    @FunctionalInterface
    public interface OtherField {
        /** Called with the parser on the field's name; must consume its value. */
        void read(String name, JsonParser parser) throws IOException;
    }

    /** An application as a request body: the features in schema order, whole numbers without a fraction. */
    public byte[] write(LoanApplication application) {
        return Json.object(json -> writeFields(json, application));
    }

    /** Writes the features as fields of the current object; absent optional features are left out. */
    public void writeFields(JsonGenerator json, LoanApplication application) throws IOException {
        for (int i = 0; i < schema.size(); i++) {
            if (application.present(i)) {
                json.writeFieldName(fieldNames[i]);
                Json.number(json, application.value(i));
            }
        }
    }
}
