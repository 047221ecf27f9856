package org.loanmodel.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.loanmodel.model.Decision;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.Numbers;
import org.loanmodel.service.FeedbackRequest;
import org.loanmodel.service.FeedbackResult;

/**
 * Reads request bodies into validated values and writes response bodies, with Jackson's streaming
 * API: one pass, no intermediate tree, and an error that names the field for every rule.
 *
 * <p>Unknown fields are rejected rather than ignored: a misspelt or extra field in a credit
 * decision is a client bug worth surfacing, not something to drop silently.
 */
public final class JsonCodec {
    // Schubfach and FastDoubleParser instead of the JDK's number conversions: each /predict
    // answer writes and reads eight doubles.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    private static final FeatureSchema SCHEMA = FeatureSchema.LOAN;
    private static final String APPLICATION_SHAPE = "a JSON object with the features " + SCHEMA.names();

    private JsonCodec() {}

    /** Reads the seven features of a {@code POST /predict} body. */
    public static LoanApplication readApplication(byte[] body) {
        try (JsonParser parser = open(body, APPLICATION_SHAPE)) {
            double[] values = new double[SCHEMA.size()];
            int seen = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int index = SCHEMA.indexOf(name);
                if (index < 0) {
                    throw new InvalidInputException(
                            name,
                            "unknown_field",
                            "field '" + name + "' is not a model feature; expected " + SCHEMA.names());
                }
                if ((seen & (1 << index)) != 0) {
                    throw duplicate(name);
                }
                JsonToken token = parser.nextToken();
                if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw new InvalidInputException(
                            name,
                            "not_a_number",
                            "feature '" + name + "' must be a number, got " + describe(token, parser));
                }
                values[index] = parser.getDoubleValue();
                seen |= 1 << index;
            }
            expectEnd(parser);
            // Report the first problem in schema order, whether missing or invalid.
            for (int i = 0; i < values.length; i++) {
                if ((seen & (1 << i)) == 0) {
                    throw new InvalidInputException(
                            SCHEMA.name(i), "missing_field", "feature '" + SCHEMA.name(i) + "' is required");
                }
                SCHEMA.feature(i).check(values[i]);
            }
            return LoanApplication.of(values);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a {@code POST /feedback} body. */
    public static FeedbackRequest readFeedback(byte[] body) {
        try (JsonParser parser = open(body, "a JSON object with prediction_id and actual_outcome")) {
            String predictionId = null;
            Integer actual = null;
            Integer predicted = null;
            boolean predictedSeen = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "prediction_id" -> {
                        if (predictionId != null) throw duplicate(name);
                        predictionId = readId(parser, token);
                    }
                    case "actual_outcome" -> {
                        if (actual != null) throw duplicate(name);
                        actual = readOutcome(parser, token, name);
                    }
                    case "predicted_outcome" -> {
                        if (predictedSeen) throw duplicate(name);
                        predictedSeen = true;
                        predicted = token == JsonToken.VALUE_NULL ? null : readOutcome(parser, token, name);
                    }
                    default ->
                        throw new InvalidInputException(
                                name,
                                "unknown_field",
                                "field '" + name
                                        + "' is not part of feedback; expected prediction_id, actual_outcome and optionally"
                                        + " predicted_outcome");
                }
            }
            expectEnd(parser);
            if (predictionId == null) {
                throw new InvalidInputException("prediction_id", "missing_field", "field 'prediction_id' is required");
            }
            if (actual == null) {
                throw new InvalidInputException(
                        "actual_outcome", "missing_field", "field 'actual_outcome' is required (0 or 1)");
            }
            return new FeedbackRequest(predictionId, actual, predicted);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonParser open(byte[] body, String expected) throws IOException {
        if (body == null || body.length == 0) {
            throw new InvalidInputException(null, "empty_body", "request body is empty; expected " + expected);
        }
        JsonParser parser = FACTORY.createParser(body);
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
            parser.close();
            throw new InvalidInputException(
                    null, "not_an_object", "request body must be " + expected + ", got " + describe(first, parser));
        }
        return parser;
    }

    private static void expectEnd(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
            throw new InvalidInputException(
                    null, "malformed_json", "request body must hold exactly one JSON object and nothing after it");
        }
    }

    /** Ids are strings; whole numbers are taken as their decimal string for older clients. */
    private static String readId(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getText();
        }
        throw new InvalidInputException(
                "prediction_id",
                "not_a_string",
                "field 'prediction_id' must be a string, got " + describe(token, parser));
    }

    private static int readOutcome(JsonParser parser, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = parser.getDoubleValue();
            if (value == 0 || value == 1) {
                return (int) value;
            }
        }
        throw new InvalidInputException(
                field, "not_allowed_category", "field '" + field + "' must be 0 or 1, got " + describe(token, parser));
    }

    private static InvalidInputException duplicate(String name) {
        return new InvalidInputException(name, "duplicate_field", "field '" + name + "' appears more than once");
    }

    private static InvalidInputException malformed(JsonProcessingException e) {
        String detail = e.getOriginalMessage().lines().findFirst().orElse("");
        int marker = detail.indexOf(" (start marker");
        if (marker >= 0) {
            detail = detail.substring(0, marker);
        }
        var location = e.getLocation();
        String where =
                location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new InvalidInputException(
                null, "malformed_json", "request body is not valid JSON" + where + ": " + detail);
    }

    /** A short description of a JSON value for error messages: {@code string "35"}, {@code null}. */
    private static String describe(JsonToken token, JsonParser parser) throws IOException {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case VALUE_STRING -> "string \"" + abbreviate(parser.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Numbers.format(parser.getDoubleValue());
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** The {@code POST /predict} answer. */
    public static byte[] writeDecision(Decision decision, LoanApplication application) {
        return write(json -> {
            json.writeStringField("prediction_id", decision.predictionId());
            json.writeNumberField("approval_status", decision.approvalStatus());
            json.writeNumberField("probability", decision.probability());
            json.writeStringField("model_version", decision.modelVersion());
            json.writeObjectFieldStart("features_received");
            writeFeatures(json, application);
            json.writeEndObject();
        });
    }

    /**
     * An application as a {@code POST /predict} body, the form clients send: the seven features in
     * schema order, whole numbers without a fraction.
     */
    public static byte[] writeApplication(LoanApplication application) {
        return write(json -> writeFeatures(json, application));
    }

    private static void writeFeatures(JsonGenerator json, LoanApplication application) throws IOException {
        for (int i = 0; i < SCHEMA.size(); i++) {
            json.writeFieldName(SCHEMA.name(i));
            writeNumber(json, application.value(i));
        }
    }

    /** The {@code POST /feedback} answer. */
    public static byte[] writeFeedback(FeedbackResult result) {
        return write(json -> {
            json.writeBooleanField("success", true);
            json.writeStringField("prediction_id", result.predictionId());
            json.writeNumberField("actual_outcome", result.actualOutcome());
            json.writeNumberField("predicted_outcome", result.predictedOutcome());
            json.writeStringField("outcome", result.cell().code());
            json.writeBooleanField("correct", result.cell().correct());
            json.writeBooleanField("verified", result.verified());
            json.writeBooleanField("predicted_outcome_mismatch", result.predictionMismatch());
            json.writeFieldName("model_version");
            if (result.modelVersion() == null) {
                json.writeNull();
            } else {
                json.writeString(result.modelVersion());
            }
            writeNumberOrNull(json, "label_delay_seconds", result.labelDelaySeconds());
            writeNumberOrNull(json, "current_accuracy", result.currentAccuracy());
        });
    }

    /** The body of an error response. */
    public static byte[] writeError(HttpError error) {
        return write(json -> {
            json.writeNumberField("status", error.status());
            json.writeStringField("code", error.code());
            json.writeFieldName("field");
            if (error.field() == null) {
                json.writeNull();
            } else {
                json.writeString(error.field());
            }
            json.writeStringField("error", error.message());
        });
    }

    /** Writes the fields of one JSON object. */
    @FunctionalInterface
    interface ObjectWriter {
        void fields(JsonGenerator json) throws IOException;
    }

    static byte[] write(ObjectWriter writer) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(256);
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

    private static void writeNumber(JsonGenerator json, double value) throws IOException {
        if (Numbers.isWhole(value)) {
            json.writeNumber((long) value);
        } else {
            json.writeNumber(value);
        }
    }

    /** JSON has no NaN: an undefined rate is written as null. */
    private static void writeNumberOrNull(JsonGenerator json, String name, double value) throws IOException {
        json.writeFieldName(name);
        if (Double.isFinite(value)) {
            json.writeNumber(value);
        } else {
            json.writeNull();
        }
    }
}
