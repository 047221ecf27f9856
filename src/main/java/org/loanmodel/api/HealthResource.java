package org.loanmodel.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.loanmodel.codec.Json;
import org.loanmodel.ledger.LogBacklog;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.model.LoanModel;

/**
 * Liveness, readiness and model identity.
 *
 * <ul>
 *   <li>{@code curl http://localhost:5000/health}: 200 {@code {"status": "healthy", ...}} while the
 *       process serves, 503 {@code unhealthy} once its prediction log can never write again
 *       (liveness).
 *   <li>{@code curl http://localhost:5000/ready}: 200 when predictions can be logged, 503 with the
 *       reasons when the prediction log is failing or its queue is nearly full, or 503 {@code
 *       warming_up} while the service still rehearses its request path after start (readiness).
 *   <li>{@code curl http://localhost:5000/model}: the model's metadata: version, schema, holdout
 *       metrics, reference profile, provenance.
 * </ul>
 */
final class HealthResource {
    /** Share of the log queue above which the instance asks to be taken out of rotation. */
    static final double QUEUE_NOT_READY = 0.9;

    private static final ObjectMapper SNAKE_CASE =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final Supplier<LoanModel> champion;
    private final PredictionLog log;
    private final long startedNanos = System.nanoTime();
    private final BearerTokens tokens;
    private final WarmUpState warmUp;
    /** The champion's document, made again when the champion changes. */
    private volatile Document metadata;

    private record Document(String version, byte[] bytes) {}

    HealthResource(Supplier<LoanModel> champion, PredictionLog log, BearerTokens tokens, WarmUpState warmUp) {
        this.tokens = tokens;
        this.warmUp = warmUp;
        this.champion = champion;
        this.log = log;
    }

    /**
     * The metadata as {@code /model} shows it: snake_case keys like every other body of the API
     * (the artifact file keeps its own names, which its content hash covers).
     */
    static byte[] modelDocument(LoanModel model) {
        try {
            return SNAKE_CASE.writeValueAsBytes(model.metadata());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode model metadata", e);
        }
    }

    /**
     * Liveness: 200 {@code healthy}, or 503 {@code unhealthy} with the reason once the prediction
     * log can never write again, so that the orchestrator restarts an instance that would otherwise
     * stay out of rotation forever.
     */
    void health(RoutingContext ctx) {
        Optional<String> stopped = notLiveReason();
        Responses.json(ctx, stopped.isPresent() ? 503 : 200, Json.object(json -> {
            json.writeStringField("status", stopped.isPresent() ? "unhealthy" : "healthy");
            json.writeStringField("model_version", champion.get().version());
            json.writeNumberField("uptime_seconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
            if (stopped.isPresent()) {
                json.writeStringField("reason", stopped.get());
            }
        }));
    }

    /** Why the instance should be restarted: its prediction log can never write again; empty while it can. */
    Optional<String> notLiveReason() {
        return log.stopped();
    }

    /** Why the instance should not receive traffic now; empty when it should. */
    List<String> notReadyReasons() {
        List<String> reasons = new ArrayList<>();
        warmUp.pending().ifPresent(reasons::add);
        LogBacklog backlog = log.backlog();
        if (backlog.failing()) {
            reasons.add("prediction log writes are failing");
        }
        if (backlog.queueOver(QUEUE_NOT_READY)) {
            reasons.add("prediction log queue is over " + Math.round(QUEUE_NOT_READY * 100) + "% full");
        }
        return reasons;
    }

    void ready(RoutingContext ctx) {
        List<String> reasons = notReadyReasons();
        boolean ready = reasons.isEmpty();
        // Only the warm-up: say so, since it ends by itself, unlike the log's troubles.
        boolean warmingUp = reasons.size() == 1 && warmUp.pending().isPresent();
        Responses.json(ctx, ready ? 200 : 503, Json.object(json -> {
            json.writeStringField("status", ready ? "ready" : warmingUp ? "warming_up" : "not_ready");
            json.writeArrayFieldStart("reasons");
            for (String reason : reasons) {
                json.writeString(reason);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("details");
            json.writeStringField(
                    "feedback_authentication",
                    tokens.required()
                            ? "bearer token required"
                            : "none: no token is configured, anyone who reaches the port can send ground truth");
            json.writeEndObject();
        }));
    }

    void model(RoutingContext ctx) {
        LoanModel model = champion.get();
        Document document = metadata;
        if (document == null || !document.version().equals(model.version())) {
            document = new Document(model.version(), modelDocument(model));
            metadata = document;
        }
        Responses.json(ctx, 200, document.bytes());
    }
}
