package org.loanmodel.api;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import org.loanmodel.explain.Explanation;
import org.loanmodel.model.Decision;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.service.PredictionService;

/**
 * {@code POST /predict}: decides one loan application.
 *
 * <pre>
 * curl -X POST http://localhost:5000/predict -H "Content-Type: application/json" \
 *   -d '{"age": 35, "income": 75000, "loan_amount": 25000, "loan_term": 36,
 *        "credit_score": 720, "employment_status": 1, "loan_purpose": 1}'
 * </pre>
 *
 * answers {@code {"prediction_id": "...", "approval_status": 1, "probability": 1.0,
 * "model_version": "...", "features_received": {...}}}. A body may also carry {@code "monitoring":
 * {"applicant_group": "b"}}: attributes the configured segments define, stored with the decision and
 * counted by group, never seen by the model.
 */
final class PredictResource {
    static final String START = "startNanos";
    private static final String EXPLAIN = "explain";

    private final PredictionService service;
    private final JsonCodec codec;

    PredictResource(PredictionService service, JsonCodec codec) {
        this.service = service;
        this.codec = codec;
    }

    /** First handler of the route: notes the arrival time before the body is read. */
    void arrive(RoutingContext ctx) {
        ctx.put(START, System.nanoTime());
        ctx.next();
    }

    void handle(RoutingContext ctx) {
        Long arrived = ctx.get(START);
        long start = arrived == null ? System.nanoTime() : arrived;
        JsonCodec.PredictionBody body;
        boolean explain;
        try {
            // The query first: once decided, a request must be answered, never refused.
            explain = explain(ctx);
            body = codec.readPrediction(Responses.body(ctx));
        } catch (InvalidInputException e) {
            reject(ctx, e);
            return;
        }
        LoanApplication application = body.application();
        CompletableFuture<Decision> decision;
        try {
            decision = service.decide(application, body.attributes(), start).toCompletableFuture();
        } catch (RuntimeException e) {
            Responses.error(ctx, ErrorMapper.map(e));
            return;
        }
        if (decision.isDone()) {
            respond(ctx, decision, application, explain);
            return;
        }
        Context context = Vertx.currentContext();
        decision.whenComplete(
                (ignored, failure) -> context.runOnContext(v -> respond(ctx, decision, application, explain)));
    }

    /**
     * Whether the answer is to carry every contribution: {@code ?explain=true}; absent or {@code
     * false}, not.
     *
     * @throws InvalidInputException for another value, or a query that is not valid URL encoding
     */
    static boolean explain(RoutingContext ctx) {
        String value = QueryParameters.get(ctx, EXPLAIN);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidInputException(
                EXPLAIN,
                "invalid_query",
                "query parameter '" + EXPLAIN + "' must be true or false, got '" + value + "'");
    }

    private void respond(
            RoutingContext ctx, CompletableFuture<Decision> decision, LoanApplication application, boolean explain) {
        Decision answer;
        try {
            answer = decision.join();
        } catch (RuntimeException e) {
            Responses.error(ctx, ErrorMapper.map(e));
            return;
        }
        Explanation explanation =
                explain ? service.explanation(answer, application).orElse(null) : null;
        Responses.json(ctx, 200, codec.writeDecision(answer, application, explanation));
    }

    private void reject(RoutingContext ctx, RuntimeException e) {
        service.rejectedInvalid();
        Responses.error(ctx, ErrorMapper.map(e));
    }

    /** Failures raised by the router on this route (413 from the body limit) count as errors. */
    void fail(RoutingContext ctx) {
        HttpError error = failure(ctx);
        if (error.status() >= 500) {
            service.failedInternally();
        } else {
            service.rejectedInvalid();
        }
        Responses.error(ctx, error);
    }

    static HttpError failure(RoutingContext ctx) {
        if (ctx.failure() != null && ctx.statusCode() < 0) {
            return ErrorMapper.map(ctx.failure());
        }
        return ErrorMapper.forStatus(
                ctx.statusCode(), ctx.request().method().name(), ctx.request().path());
    }
}
