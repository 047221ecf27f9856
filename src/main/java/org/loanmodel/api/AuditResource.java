package org.loanmodel.api;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.loanmodel.codec.Json;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.ledger.StoredPrediction;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.service.FeedbackRequest;
import org.loanmodel.service.UnknownPredictionException;

/**
 * {@code GET /predictions/{id}}: the stored decision, as it was made and answered — features,
 * probability, class, model version, the reasons given, the outcome and final decision once known,
 * and their times — so a request for the reasons weeks later is answered from the record, not
 * recomputed by a newer model. It returns applicant data, so it needs a token and is closed
 * without one.
 *
 * <pre>
 * curl -H "Authorization: Bearer $TOKEN" http://localhost:5000/predictions/01a2336b-af21-7ca6-871d-7efa2d7ddc24
 * </pre>
 */
final class AuditResource {
    private final PredictionLog log;
    private final FeatureSchema schema;

    AuditResource(PredictionLog log, FeatureSchema schema) {
        this.log = log;
        this.schema = schema;
    }

    void find(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        CompletableFuture<java.util.Optional<StoredPrediction>> found;
        try {
            FeedbackRequest.checkId(id);
            found = log.find(id).toCompletableFuture();
        } catch (RuntimeException e) {
            Responses.error(ctx, ErrorMapper.map(e));
            return;
        }
        Responses.whenDone(ctx, found, stored -> {
            if (stored.isEmpty()) {
                Responses.error(ctx, ErrorMapper.map(new UnknownPredictionException(id)));
            } else {
                Responses.json(ctx, 200, document(stored.get()));
            }
        });
    }

    private byte[] document(StoredPrediction stored) {
        return Json.object(json -> {
            json.writeStringField("prediction_id", stored.predictionId());
            json.writeStringField(
                    "created_at", Instant.ofEpochMilli(stored.createdAtMillis()).toString());
            json.writeStringField("model_version", stored.modelVersion());
            json.writeObjectFieldStart("features");
            double[] features = stored.features();
            for (int i = 0; i < features.length; i++) {
                if (Double.isNaN(features[i])) {
                    json.writeNullField(schema.name(i));
                } else {
                    json.writeFieldName(schema.name(i));
                    Json.number(json, features[i]);
                }
            }
            json.writeEndObject();
            json.writeObjectFieldStart("monitoring");
            for (Map.Entry<String, String> attribute : stored.attributes().entrySet()) {
                json.writeStringField(attribute.getKey(), attribute.getValue());
            }
            json.writeEndObject();
            json.writeNumberField("probability", stored.probability());
            json.writeNumberField("approval_status", stored.approvalStatus());
            JsonCodec.writeReasons(json, stored.reasons());
            if (stored.attribution() == null) {
                json.writeNullField("explanation");
            } else {
                JsonCodec.writeExplanation(json, schema, stored.attribution());
            }
            writeNullable(json, "actual_outcome", stored.actualOutcome());
            writeTime(json, "labelled_at", stored.labelledAtMillis());
            writeNullable(json, "final_decision", stored.finalDecision());
            writeTime(json, "final_decided_at", stored.finalDecidedAtMillis());
        });
    }

    private static void writeNullable(com.fasterxml.jackson.core.JsonGenerator json, String name, Integer value)
            throws java.io.IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }

    private static void writeTime(com.fasterxml.jackson.core.JsonGenerator json, String name, Long millis)
            throws java.io.IOException {
        Json.stringOrNull(
                json, name, millis == null ? null : Instant.ofEpochMilli(millis).toString());
    }
}
