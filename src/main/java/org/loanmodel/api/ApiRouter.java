package org.loanmodel.api;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.model.LoanModel;
import org.loanmodel.service.FeedbackService;
import org.loanmodel.service.PredictionService;

/**
 * The routes of the API port (5000): {@code GET /health}, {@code GET /ready}, {@code GET /model},
 * {@code POST /predict}, {@code POST /feedback}. Tests and production share this routing.
 */
public final class ApiRouter {
    /** Largest accepted request body; larger ones answer 413. */
    public static final int BODY_LIMIT_BYTES = 16 * 1024;

    private final PredictResource predict;
    private final FeedbackResource feedback;
    private final HealthResource health;
    private final PredictionService predictions;
    private final FeedbackService feedbacks;

    public ApiRouter(PredictionService predictions, FeedbackService feedbacks, LoanModel model, PredictionLog log) {
        this.predictions = predictions;
        this.feedbacks = feedbacks;
        this.predict = new PredictResource(predictions, new JsonCodec(model.schema()));
        this.feedback = new FeedbackResource(feedbacks);
        this.health = new HealthResource(model, log);
    }

    /** A router for one event loop; handlers are shared and thread-safe. */
    public Router build(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/health").handler(health::health);
        router.get("/ready").handler(health::ready);
        router.get("/model").handler(health::model);
        // A route of its own: Vert.x wants the body handler first on a route, and the clock must
        // start before the body is read.
        router.post("/predict").handler(predict::arrive);
        router.post("/predict")
                .handler(bodyHandler())
                .handler(new JsonContentType(predictions::rejectedInvalid))
                .handler(predict::handle)
                .failureHandler(predict::fail);
        router.post("/feedback")
                .handler(bodyHandler())
                .handler(new JsonContentType(feedbacks::rejectedInvalid))
                .handler(feedback::handle)
                .failureHandler(feedback::fail);
        for (int status : new int[] {400, 404, 405, 413, 500}) {
            router.errorHandler(status, ApiRouter::renderRouterError);
        }
        return router;
    }

    private static BodyHandler bodyHandler() {
        return BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES);
    }

    static void renderRouterError(RoutingContext ctx) {
        Responses.error(ctx, PredictResource.failure(ctx));
    }
}
