package org.loanmodel.api;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.loanmodel.codec.Json;
import org.loanmodel.ledger.LogBacklog;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;

/**
 * Liveness, readiness and model identity.
 *
 * <ul>
 *   <li>{@code curl http://localhost:5000/health}: 200 {@code {"status": "healthy", ...}} while the
 *       process serves (liveness).
 *   <li>{@code curl http://localhost:5000/ready}: 200 when predictions can be logged, 503 with the
 *       reasons when the prediction log is failing or its queue is nearly full (readiness).
 *   <li>{@code curl http://localhost:5000/model}: the model's metadata: version, schema, holdout
 *       metrics, reference profile, provenance.
 * </ul>
 */
final class HealthResource {
    /** Share of the log queue above which the instance asks to be taken out of rotation. */
    static final double QUEUE_NOT_READY = 0.9;

    private final LoanModel model;
    private final PredictionLog log;
    private final long startedNanos = System.nanoTime();
    private final byte[] metadata;

    HealthResource(LoanModel model, PredictionLog log) {
        this.model = model;
        this.log = log;
        String artifact = ModelArtifact.metadataJson(model);
        this.metadata = artifact.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    void health(RoutingContext ctx) {
        Responses.json(ctx, 200, Json.object(json -> {
            json.writeStringField("status", "healthy");
            json.writeStringField("model_version", model.version());
            json.writeNumberField("uptime_seconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
        }));
    }

    void ready(RoutingContext ctx) {
        List<String> reasons = new ArrayList<>();
        LogBacklog backlog = log.backlog();
        if (backlog.failing()) {
            reasons.add("prediction log writes are failing");
        }
        if (backlog.queueOver(QUEUE_NOT_READY)) {
            reasons.add("prediction log queue is over " + Math.round(QUEUE_NOT_READY * 100) + "% full");
        }
        boolean ready = reasons.isEmpty();
        Responses.json(ctx, ready ? 200 : 503, Json.object(json -> {
            json.writeStringField("status", ready ? "ready" : "not_ready");
            json.writeArrayFieldStart("reasons");
            for (String reason : reasons) {
                json.writeString(reason);
            }
            json.writeEndArray();
        }));
    }

    void model(RoutingContext ctx) {
        Responses.json(ctx, 200, metadata);
    }
}
