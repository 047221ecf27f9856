package org.loanmodel.api;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.service.FeedbackService;
import org.loanmodel.service.FinalDecisionRequest;
import org.loanmodel.service.FinalDecisionResult;

/**
 * {@code POST /final-decision}: the lender's decision after human review, for lenders who record the
 * review before the outcome is known (with the outcome, send {@code final_decision} to {@code
 * /feedback} instead).
 *
 * <pre>
 * curl -X POST http://localhost:5000/final-decision -H "Content-Type: application/json" \
 *   -H "Authorization: Bearer $TOKEN" \
 *   -d '{"prediction_id": "019abf3c-5e2a-7c41-9b1e-3f0a9c2d4e51", "final_decision": 0}'
 * </pre>
 *
 * answers {@code {"success": true, "final_decision": 0, "approval_status": 1, "override":
 * "model_approved_lender_denied", ...}}. The same decision again changes nothing and answers the
 * same with {@code Idempotent-Replayed: true}; a different one answers 409; an unknown id 404.
 */
final class FinalDecisionResource {
    private final FeedbackService service;

    FinalDecisionResource(FeedbackService service) {
        this.service = service;
    }

    void handle(RoutingContext ctx) {
        FinalDecisionRequest request;
        try {
            request = JsonCodec.readFinalDecision(Responses.body(ctx));
        } catch (InvalidInputException e) {
            service.rejectedInvalid();
            Responses.error(ctx, ErrorMapper.map(e));
            return;
        }
        CompletableFuture<FinalDecisionResult> result;
        try {
            result = service.submitFinalDecision(request).toCompletableFuture();
        } catch (RuntimeException e) {
            Responses.error(ctx, ErrorMapper.map(e));
            return;
        }
        Responses.whenDone(
                ctx,
                result,
                answer -> Responses.idempotent(ctx, answer.replay(), JsonCodec.writeFinalDecision(answer)));
    }

    /** Failures raised by the router on this route (413 from the body limit). */
    void fail(RoutingContext ctx) {
        service.rejectedInvalid();
        Responses.error(ctx, PredictResource.failure(ctx));
    }
}
