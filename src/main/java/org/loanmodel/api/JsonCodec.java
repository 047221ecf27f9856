package org.loanmodel.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.loanmodel.codec.ApplicationCodec;
import org.loanmodel.codec.Json;
import org.loanmodel.codec.RequestBodies;
import org.loanmodel.explain.Explanation;
import org.loanmodel.model.Attribution;
import org.loanmodel.model.Decision;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.Reason;
import org.loanmodel.segments.MonitoringAttributes;
import org.loanmodel.service.FeedbackRequest;
import org.loanmodel.service.FeedbackResult;
import org.loanmodel.service.FinalDecisionRequest;
import org.loanmodel.service.FinalDecisionResult;

/**
 * Reads request bodies into validated values and writes response bodies, with Jackson's streaming
 * API: one pass, no intermediate tree, and an error that names the field for every rule. The
 * application's fields come from the served model's schema ({@link ApplicationCodec}), the
 * monitoring attributes' names from the configured segments.
 */
public final class JsonCodec {
    // Field names of every decision's answer, encoded once.
    private static final SerializedString PREDICTION_ID = new SerializedString("prediction_id");
    private static final SerializedString APPROVAL_STATUS = new SerializedString("approval_status");
    private static final SerializedString PROBABILITY = new SerializedString("probability");
    private static final SerializedString MODEL_VERSION = new SerializedString("model_version");
    private static final SerializedString FEATURES_RECEIVED = new SerializedString("features_received");
    private static final SerializedString REASONS = new SerializedString("reasons");
    private static final SerializedString CODE = new SerializedString("code");
    private static final SerializedString FEATURE = new SerializedString("feature");
    private static final SerializedString TEXT = new SerializedString("text");
    private static final SerializedString CONTRIBUTION = new SerializedString("contribution");

    private final ApplicationCodec applications;
    private final Set<String> attributeNames;

    /** A codec for a service that monitors no attributes. */
    public JsonCodec(FeatureSchema schema) {
        this(schema, Set.of());
    }

    /** @param attributeNames the monitoring attributes a {@code POST /predict} body may carry */
    public JsonCodec(FeatureSchema schema, Set<String> attributeNames) {
        this.applications = new ApplicationCodec(schema);
        this.attributeNames = Set.copyOf(attributeNames);
    }

    /**
     * A {@code POST /predict} body: the application and what it carried for monitoring only.
     *
     * @param application the validated features
     * @param attributes the validated {@code monitoring} object, none when absent
     */
    public record PredictionBody(LoanApplication application, MonitoringAttributes attributes) {}

    /** Reads the features of a {@code POST /predict} body, refusing any other field. */
    public LoanApplication readApplication(byte[] body) {
        return applications.read(body);
    }

    /** Reads a {@code POST /predict} body: the features and the optional {@code monitoring} object. */
    public PredictionBody readPrediction(byte[] body) {
        MonitoringField monitoring = new MonitoringField(applications, attributeNames);
        LoanApplication application = applications.read(body, monitoring);
        return new PredictionBody(application, monitoring.attributes());
    }

    /** Reads a {@code POST /feedback} body. */
    public static FeedbackRequest readFeedback(byte[] body) {
        try (JsonParser parser = RequestBodies.open(body, "a JSON object with prediction_id and actual_outcome")) {
            String predictionId = null;
            Integer actual = null;
            Integer predicted = null;
            boolean predictedSeen = false;
            Integer finalDecision = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "prediction_id" -> {
                        if (predictionId != null) throw RequestBodies.duplicate(name);
                        predictionId = readId(parser, token);
                    }
                    case "actual_outcome" -> {
                        if (actual != null) throw RequestBodies.duplicate(name);
                        actual = readOutcome(parser, token, name);
                    }
                    case "predicted_outcome" -> {
                        if (predictedSeen) throw RequestBodies.duplicate(name);
                        predictedSeen = true;
                        predicted = token == JsonToken.VALUE_NULL ? null : readOutcome(parser, token, name);
                    }
                    case "final_decision" -> {
                        if (finalDecision != null) throw RequestBodies.duplicate(name);
                        finalDecision = readOutcome(parser, token, name);
                    }
                    default ->
                        throw new InvalidInputException(
                                name,
                                "unknown_field",
                                "field '" + name
                                        + "' is not part of feedback; expected prediction_id, actual_outcome and optionally"
                                        + " predicted_outcome and final_decision");
                }
            }
            RequestBodies.expectEnd(parser);
            if (predictionId == null) {
                throw new InvalidInputException("prediction_id", "missing_field", "field 'prediction_id' is required");
            }
            if (actual == null) {
                throw new InvalidInputException(
                        "actual_outcome", "missing_field", "field 'actual_outcome' is required (0 or 1)");
            }
            return new FeedbackRequest(predictionId, actual, predicted, finalDecision);
        } catch (JsonProcessingException e) {
            throw RequestBodies.malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a {@code POST /final-decision} body. */
    public static FinalDecisionRequest readFinalDecision(byte[] body) {
        try (JsonParser parser = RequestBodies.open(body, "a JSON object with prediction_id and final_decision")) {
            String predictionId = null;
            Integer finalDecision = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "prediction_id" -> {
                        if (predictionId != null) throw RequestBodies.duplicate(name);
                        predictionId = readId(parser, token);
                    }
                    case "final_decision" -> {
                        if (finalDecision != null) throw RequestBodies.duplicate(name);
                        finalDecision = readOutcome(parser, token, name);
                    }
                    default ->
                        throw new InvalidInputException(
                                name,
                                "unknown_field",
                                "field '" + name + "' is not part of a final decision; expected prediction_id and"
                                        + " final_decision");
                }
            }
            RequestBodies.expectEnd(parser);
            if (predictionId == null) {
                throw new InvalidInputException("prediction_id", "missing_field", "field 'prediction_id' is required");
            }
            if (finalDecision == null) {
                throw new InvalidInputException(
                        "final_decision", "missing_field", "field 'final_decision' is required (0 or 1)");
            }
            return new FinalDecisionRequest(predictionId, finalDecision);
        } catch (JsonProcessingException e) {
            throw RequestBodies.malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
                "field 'prediction_id' must be a string, got " + RequestBodies.describe(token, parser));
    }

    private static int readOutcome(JsonParser parser, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = parser.getDoubleValue();
            if (value == 0 || value == 1) {
                return (int) value;
            }
        }
        throw new InvalidInputException(
                field,
                "not_allowed_category",
                "field '" + field + "' must be 0 or 1, got " + RequestBodies.describe(token, parser));
    }

    /** The {@code POST /predict} answer. */
    public byte[] writeDecision(Decision decision, LoanApplication application) {
        return writeDecision(decision, application, null);
    }

    /**
     * The {@code POST /predict} answer; with {@code explanation}, also every feature's contribution
     * ({@code ?explain=true}).
     */
    public byte[] writeDecision(Decision decision, LoanApplication application, Explanation explanation) {
        return Json.object(json -> {
            json.writeFieldName(PREDICTION_ID);
            json.writeString(decision.predictionId());
            json.writeFieldName(APPROVAL_STATUS);
            json.writeNumber(decision.approvalStatus());
            json.writeFieldName(PROBABILITY);
            json.writeNumber(decision.probability());
            json.writeFieldName(MODEL_VERSION);
            json.writeString(decision.modelVersion());
            json.writeFieldName(FEATURES_RECEIVED);
            json.writeStartObject();
            applications.writeFields(json, application);
            json.writeEndObject();
            writeReasons(json, decision.reasons());
            if (explanation != null) {
                writeExplanation(
                        json,
                        applications.schema(),
                        new Attribution(
                                explanation.scale().wireName(), explanation.baseValue(), explanation.contributions()));
            }
        });
    }

    /**
     * The {@code explanation} object of a decision, as answered with {@code ?explain=true} and as
     * audited: the scale, the base value and every feature's contribution by name.
     */
    static void writeExplanation(JsonGenerator json, FeatureSchema schema, Attribution attribution)
            throws java.io.IOException {
        json.writeObjectFieldStart("explanation");
        json.writeStringField("scale", attribution.scale());
        json.writeNumberField("base_value", attribution.baseValue());
        json.writeObjectFieldStart("contributions");
        for (int i = 0; i < attribution.size() && i < schema.size(); i++) {
            json.writeNumberField(schema.name(i), attribution.contribution(i));
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    /**
     * The {@code reasons} array of a decision, as answered and as audited. Each reason's object up
     * to its contribution is the same for every denial it is given in, so it is encoded once
     * ({@link ReasonHeads}) and copied; only the contribution is written per answer. That halved the
     * cost of a denial's answer over writing each field (JMH {@code JsonCodecBenchmark.writeDenial}).
     */
    static void writeReasons(JsonGenerator json, java.util.List<Reason> reasons) throws java.io.IOException {
        json.writeFieldName(REASONS);
        json.writeStartArray();
        for (Reason reason : reasons) {
            if (Double.isFinite(reason.contribution())) {
                // The head counts as the array's value (a comma before all but the first); the
                // contribution and the closing brace complete it.
                json.writeRawValue(ReasonHeads.of(reason));
                json.writeRaw(NumberOutput.toString(
                        reason.contribution(), json.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)));
                json.writeRaw('}');
            } else {
                writeReason(json, reason);
            }
        }
        json.writeEndArray();
    }

    /** One reason's object, field by field. */
    static void writeReason(JsonGenerator json, Reason reason) throws java.io.IOException {
        json.writeStartObject();
        json.writeFieldName(CODE);
        json.writeString(reason.code());
        json.writeFieldName(FEATURE);
        json.writeString(reason.feature());
        json.writeFieldName(TEXT);
        json.writeString(reason.text());
        json.writeFieldName(CONTRIBUTION);
        json.writeNumber(reason.contribution());
        json.writeEndObject();
    }

    /** The {@code POST /feedback} answer. */
    public static byte[] writeFeedback(FeedbackResult result) {
        return Json.object(json -> {
            json.writeBooleanField("success", true);
            json.writeStringField("prediction_id", result.predictionId());
            json.writeNumberField("actual_outcome", result.actualOutcome());
            json.writeNumberField("predicted_outcome", result.predictedOutcome());
            json.writeStringField("outcome", result.cell().code());
            json.writeBooleanField("correct", result.cell().correct());
            json.writeBooleanField("verified", result.verified());
            json.writeBooleanField("predicted_outcome_mismatch", result.predictionMismatch());
            Json.stringOrNull(json, "model_version", result.modelVersion());
            Json.numberOrNull(json, "label_delay_seconds", result.labelDelaySeconds());
            Json.numberOrNull(json, "current_accuracy", result.currentAccuracy());
            if (result.finalDecision() != null) {
                json.writeNumberField("final_decision", result.finalDecision());
                json.writeStringField("override", result.override().code());
            }
        });
    }

    /** The {@code POST /final-decision} answer. */
    public static byte[] writeFinalDecision(FinalDecisionResult result) {
        return Json.object(json -> {
            json.writeBooleanField("success", true);
            json.writeStringField("prediction_id", result.predictionId());
            json.writeNumberField("final_decision", result.finalDecision());
            json.writeNumberField("approval_status", result.modelDecision());
            json.writeStringField("override", result.override().code());
            Json.stringOrNull(json, "model_version", result.modelVersion());
        });
    }

    /** The body of an error response. */
    public static byte[] writeError(HttpError error) {
        return Json.object(json -> {
            json.writeNumberField("status", error.status());
            json.writeStringField("code", error.code());
            Json.stringOrNull(json, "field", error.field());
            json.writeStringField("error", error.message());
        });
    }
}
