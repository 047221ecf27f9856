package org.loanmodel.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.loanmodel.codec.Json;
import org.loanmodel.codec.RequestBodies;
import org.loanmodel.model.HoldoutMetrics;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.registry.ModelRegistry;
import org.loanmodel.registry.ModelRole;
import org.loanmodel.registry.RoleChangeException;
import org.loanmodel.registry.UnknownModelException;

/**
 * The administrative API: which models are known and in which role, uploads, role changes and
 * rollback, all without a restart. Every route needs a bearer token; none configured, they answer
 * 403.
 *
 * <pre>
 * curl -H "Authorization: Bearer $TOKEN" http://localhost:5000/admin/models
 * curl -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
 *   --data-binary @candidate.json http://localhost:5000/admin/models
 * curl -X PUT -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \
 *   -d '{"role": "challenger"}' http://localhost:5000/admin/models/5d2c1a9e0b7f/role
 * curl -X POST -H "Authorization: Bearer $TOKEN" http://localhost:5000/admin/rollback
 * </pre>
 */
final class AdminResource {
    /** Largest artifact upload. */
    static final int ARTIFACT_LIMIT_BYTES = 64 * 1024 * 1024;

    private final ModelRegistry registry;

    AdminResource(ModelRegistry registry) {
        this.registry = registry;
    }

    void list(RoutingContext ctx) {
        Responses.json(ctx, 200, models());
    }

    /** Reads the artifact off the event loop: it is checked (content hash) and may be megabytes. */
    void upload(RoutingContext ctx) {
        byte[] body = Responses.body(ctx);
        Vertx.currentContext()
                .owner()
                .executeBlocking(() -> registry.add(parse(body)))
                .onComplete(done -> {
                    if (done.failed()) {
                        Responses.error(ctx, map(done.cause()));
                        return;
                    }
                    ModelRegistry.Added added = done.result();
                    Responses.json(ctx, added.created() ? 201 : 200, Json.object(json -> entry(json, added.entry())));
                });
    }

    void assign(RoutingContext ctx) {
        String version = ctx.pathParam("version");
        try {
            ModelRole role = role(Responses.body(ctx));
            registry.assign(version, role);
            Responses.json(ctx, 200, models());
        } catch (RuntimeException e) {
            Responses.error(ctx, map(e));
        }
    }

    void rollback(RoutingContext ctx) {
        try {
            registry.rollback();
            Responses.json(ctx, 200, models());
        } catch (RuntimeException e) {
            Responses.error(ctx, map(e));
        }
    }

    private byte[] models() {
        return Json.object(json -> {
            json.writeArrayFieldStart("models");
            for (ModelRegistry.Entry entry : registry.list()) {
                json.writeStartObject();
                entry(json, entry);
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    private static void entry(JsonGenerator json, ModelRegistry.Entry entry) throws IOException {
        LoanModel model = entry.model();
        json.writeStringField("version", model.version());
        json.writeStringField("role", entry.role().label());
        json.writeStringField("algorithm", model.metadata().algorithm());
        json.writeStringField("created_at", model.metadata().createdAt());
        HoldoutMetrics holdout = model.metadata().holdout();
        if (holdout != null) {
            json.writeObjectFieldStart("holdout");
            json.writeNumberField("rows", holdout.rows());
            Json.numberOrNull(json, "accuracy", holdout.accuracy());
            Json.numberOrNull(json, "precision", holdout.precision());
            Json.numberOrNull(json, "recall", holdout.recall());
            Json.numberOrNull(json, "roc_auc", holdout.rocAuc());
            json.writeEndObject();
        }
    }

    /** An uploaded artifact, checked as a file given to serve would be. */
    private static LoanModel parse(byte[] body) {
        if (body.length == 0) {
            throw new InvalidInputException(null, "empty_body", "request body is empty; expected a model artifact");
        }
        Path file = null;
        try {
            file = Files.createTempFile("upload-", ".json");
            Files.write(file, body);
            return ModelArtifact.load(file);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    null,
                    "invalid_model",
                    e.getMessage()
                            .replace("model file " + file, "the uploaded artifact")
                            .replace(String.valueOf(file), "the uploaded artifact"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // A temporary file left behind is harmless; the upload's answer is what matters.
                }
            }
        }
    }

    private static ModelRole role(byte[] body) {
        try (JsonParser parser = RequestBodies.open(body, "a JSON object with \"role\"")) {
            ModelRole role = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if (!field.equals("role")) {
                    throw new InvalidInputException(
                            field,
                            "unknown_field",
                            "field '" + field + "' is not part of a role change; expected role");
                }
                if (token != JsonToken.VALUE_STRING) {
                    throw new InvalidInputException(
                            "role",
                            "not_a_string",
                            "field 'role' must be a string, got " + RequestBodies.describe(token, parser));
                }
                try {
                    role = ModelRole.parse(parser.getText());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("role", "not_allowed_category", e.getMessage());
                }
            }
            RequestBodies.expectEnd(parser);
            if (role == null) {
                throw new InvalidInputException("role", "missing_field", "field 'role' is required");
            }
            return role;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw RequestBodies.malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpError map(Throwable failure) {
        Throwable cause = ErrorMapper.unwrap(failure);
        if (cause instanceof UnknownModelException unknown) {
            return new HttpError(404, "unknown_model", null, unknown.getMessage(), 0);
        }
        if (cause instanceof RoleChangeException conflict) {
            return new HttpError(409, "role_conflict", null, conflict.getMessage(), 0);
        }
        return ErrorMapper.map(cause);
    }
}
