package org.loanmodel.api;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.service.FeedbackRequest;
import org.loanmodel.service.FeedbackResult;
import org.loanmodel.service.FeedbackService;

/**
 * {@code POST /feedback}: the real outcome of an earlier decision.
 *
 * <pre>
 * curl -X POST http://localhost:5000/feedback -H "Content-Type: application/json" \
 *   -d '{"prediction_id": "019abf3c-5e2a-7c41-9b1e-3f0a9c2d4e51", "actual_outcome": 1}'
 * </pre>
 *
 * answers {@code {"success": true, "outcome": "tp", "current_accuracy": 0.98, ...}}. Sending the same
 * outcome again changes nothing and answers the same, with the header {@code Idempotent-Replayed:
 * true}; a different outcome for a labelled id answers 409; an unknown id answers 404 unless
 * {@code predicted_outcome} is sent too (the original system's form, counted as unverified).
 */
final class FeedbackResource {
    private final FeedbackService service;

    FeedbackResource(FeedbackService service) {
        this.service = service;
    }

    void handle(RoutingContext ctx) {
        FeedbackRequest request;
        try {
            request = JsonCodec.readFeedback(Responses.body(ctx));
        } catch (InvalidInputException e) {
            service.rejectedInvalid();
            Responses.error(ctx, ErrorMapper.map(e));
            return;
        }
        CompletableFuture<FeedbackResult> result;
        try {
            result = service.submit(request).toCompletableFuture();
        } catch (RuntimeException e) {
            Responses.error(ctx, ErrorMapper.map(e));
            return;
        }
        Responses.whenDone(
                ctx, result, answer -> Responses.idempotent(ctx, answer.replay(), JsonCodec.writeFeedback(answer)));
    }

    /** Failures raised by the router on this route (413 from the body limit). */
    void fail(RoutingContext ctx) {
        service.rejectedInvalid();
        Responses.error(ctx, PredictResource.failure(ctx));
    }
}
