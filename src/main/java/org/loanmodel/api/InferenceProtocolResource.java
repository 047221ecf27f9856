package org.loanmodel.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.loanmodel.codec.Json;
import org.loanmodel.model.Decision;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.service.PredictionService;

/**
 * The Open Inference Protocol v2 (what KServe, Triton, MLServer and Seldon speak) beside the
 * original API. Every row of an {@code infer} request is validated, decided, logged and monitored
 * exactly as one {@code POST /predict}, and each answer row carries its {@code prediction_id} for
 * feedback.
 *
 * <pre>
 * curl -X POST http://localhost:5000/v2/models/loan-model/infer -H "Content-Type: application/json" \
 *   -d '{"inputs": [{"name": "applications", "shape": [1, 7], "datatype": "FP64",
 *        "data": [35, 75000, 25000, 36, 720, 1, 1]}]}'
 * </pre>
 *
 * answers {@code {"model_name": "loan-model", "model_version": "...", "outputs": [{"name":
 * "probability", ...}, {"name": "approval_status", ...}, {"name": "prediction_id", ...}]}}. Errors
 * are the protocol's {@code {"error": "..."}} with the same status codes as the rest of the API.
 */
final class InferenceProtocolResource {
    /** The name the model is served under. */
    static final String MODEL_NAME = "loan-model";
    /** The most rows one infer request may carry. */
    static final int MAX_ROWS = 10_000;
    /** The largest infer body. */
    static final int BODY_LIMIT_BYTES = 4 * 1024 * 1024;

    private static final List<String> OUTPUTS = List.of("probability", "approval_status", "prediction_id");

    private final PredictionService service;
    private final Supplier<LoanModel> champion;
    private final FeatureSchema schema;
    private final HealthResource health;
    private final InferenceRequestReader reader;
    private final String serverVersion;

    InferenceProtocolResource(
            PredictionService service, Supplier<LoanModel> champion, FeatureSchema schema, HealthResource health) {
        this.service = service;
        this.champion = champion;
        this.schema = schema;
        this.health = health;
        this.reader = new InferenceRequestReader(MAX_ROWS * schema.size());
        String version = InferenceProtocolResource.class.getPackage().getImplementationVersion();
        this.serverVersion = version == null ? "source" : version;
    }

    /** Liveness as {@code /health} decides it: false (503) once the prediction log can never write again. */
    void live(RoutingContext ctx) {
        boolean live = health.notLiveReason().isEmpty();
        Responses.json(ctx, live ? 200 : 503, Json.object(json -> json.writeBooleanField("live", live)));
    }

    void ready(RoutingContext ctx) {
        boolean ready = health.notReadyReasons().isEmpty();
        Responses.json(ctx, ready ? 200 : 503, Json.object(json -> json.writeBooleanField("ready", ready)));
    }

    void server(RoutingContext ctx) {
        Responses.json(ctx, 200, Json.object(json -> {
            json.writeStringField("name", "loan-model-api");
            json.writeStringField("version", serverVersion);
            json.writeArrayFieldStart("extensions");
            json.writeEndArray();
        }));
    }

    void modelReady(RoutingContext ctx) {
        if (!served(ctx)) {
            return;
        }
        boolean ready = health.notReadyReasons().isEmpty();
        Responses.json(ctx, ready ? 200 : 503, Json.object(json -> {
            json.writeStringField("name", MODEL_NAME);
            json.writeBooleanField("ready", ready);
        }));
    }

    void metadata(RoutingContext ctx) {
        if (!served(ctx)) {
            return;
        }
        LoanModel model = champion.get();
        Responses.json(ctx, 200, Json.object(json -> {
            json.writeStringField("name", MODEL_NAME);
            json.writeArrayFieldStart("versions");
            json.writeString(model.version());
            json.writeEndArray();
            json.writeStringField("platform", "loan-model-api");
            json.writeArrayFieldStart("inputs");
            tensorSpec(json, "applications", "FP64", -1, schema.size());
            for (int i = 0; i < schema.size(); i++) {
                tensorSpec(json, schema.name(i), "FP64", -1, 0);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("outputs");
            tensorSpec(json, "probability", "FP64", -1, 0);
            tensorSpec(json, "approval_status", "INT32", -1, 0);
            tensorSpec(json, "prediction_id", "BYTES", -1, 0);
            json.writeEndArray();
            json.writeObjectFieldStart("parameters");
            json.writeStringField(
                    "inputs",
                    "either 'applications' [N, " + schema.size() + "] with the features as columns in this order, or"
                            + " one [N] tensor per feature");
            json.writeArrayFieldStart("features");
            for (String name : schema.names()) {
                json.writeString(name);
            }
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    private static void tensorSpec(JsonGenerator json, String name, String type, long rows, long columns)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeStringField("datatype", type);
        json.writeArrayFieldStart("shape");
        json.writeNumber(rows);
        if (columns > 0) {
            json.writeNumber(columns);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    void infer(RoutingContext ctx) {
        long start = System.nanoTime();
        if (!served(ctx)) {
            return;
        }
        InferenceRequestReader.Request request;
        List<LoanApplication> applications;
        try {
            request = reader.read(Responses.body(ctx));
            applications = InferenceBatch.applications(schema, request.inputs(), MAX_ROWS);
            for (String output : request.outputs()) {
                if (!OUTPUTS.contains(output)) {
                    throw new InvalidInputException(
                            "outputs",
                            "unknown_output",
                            "output '" + output + "' does not exist; outputs are " + OUTPUTS);
                }
            }
        } catch (InvalidInputException e) {
            service.rejectedInvalid();
            Responses.protocolError(ctx, ErrorMapper.map(e));
            return;
        }
        CompletableFuture<List<Decision>> decisions;
        try {
            decisions = service.decideAll(applications, start);
        } catch (RuntimeException e) {
            Responses.protocolError(ctx, ErrorMapper.map(e));
            return;
        }
        if (decisions.isDone()) {
            respond(ctx, request, decisions);
            return;
        }
        Context context = Vertx.currentContext();
        decisions.whenComplete((ignored, failure) -> context.runOnContext(v -> respond(ctx, request, decisions)));
    }

    private void respond(
            RoutingContext ctx, InferenceRequestReader.Request request, CompletableFuture<List<Decision>> decided) {
        List<Decision> decisions;
        try {
            decisions = decided.join();
        } catch (RuntimeException e) {
            Responses.protocolError(ctx, ErrorMapper.map(e));
            return;
        }
        String version = decisions.isEmpty()
                ? champion.get().version()
                : decisions.get(0).modelVersion();
        List<String> wanted = request.outputs().isEmpty() ? OUTPUTS : request.outputs();
        Responses.json(ctx, 200, InferenceAnswer.write(MODEL_NAME, version, request.id(), wanted, decisions));
    }

    /** Whether the path names the served model (and version, when given); answers 404 otherwise. */
    private boolean served(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        if (name != null && !name.equals(MODEL_NAME)) {
            Responses.protocolError(
                    ctx,
                    HttpError.of(
                            404,
                            "unknown_model",
                            "model '" + name + "' is not served here; this server serves '" + MODEL_NAME + "'"));
            return false;
        }
        String served = champion.get().version();
        if (version != null && !version.equals(served)) {
            Responses.protocolError(
                    ctx,
                    HttpError.of(
                            404,
                            "unknown_model",
                            "model '" + MODEL_NAME + "' has no version '" + version + "'; it serves version "
                                    + served));
            return false;
        }
        return true;
    }

    /** Router failures on the protocol's routes (413 and the like) in the protocol's shape. */
    void fail(RoutingContext ctx) {
        Responses.protocolError(ctx, PredictResource.failure(ctx));
    }
}
