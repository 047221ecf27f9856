package org.loanmodel.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.LoanModel;
import org.loanmodel.registry.ModelRegistry;
import org.loanmodel.segments.Segments;
import org.loanmodel.service.FeedbackService;
import org.loanmodel.service.PredictionService;

/**
 * The routes of the API port (5000): {@code GET /health}, {@code GET /ready}, {@code GET /model},
 * {@code POST /predict}, {@code POST /feedback}, the Open Inference Protocol v2, and the status page
 * ({@code GET /}, {@code /status}, {@code /status.json}, {@code /assets/*}), {@code POST /final-decision}
 * and the administrative API. Tests and production
 * share this routing.
 */
public final class ApiRouter {
    /** Largest accepted request body; larger ones answer 413. */
    public static final int BODY_LIMIT_BYTES = 16 * 1024;

    private final PredictResource predict;
    private final FeedbackResource feedback;
    private final FinalDecisionResource finalDecision;
    private final HealthResource health;
    private final InferenceProtocolResource inference;
    private final AdminResource admin;
    private final AuditResource audit;
    private final PredictionService predictions;
    private final FeedbackService feedbacks;
    private final StatusResource status;

    private final BearerTokens tokens;
    /** Shared by the routers of every event loop: the bound is on the whole process. */
    private final BodyBudget bodies = BodyBudget.ofHeap();

    /** The routes of a service that does not warm up. */
    public ApiRouter(
            PredictionService predictions,
            FeedbackService feedbacks,
            ModelRegistry registry,
            PredictionLog log,
            BearerTokens tokens,
            StatusResource status,
            Segments segments) {
        this(predictions, feedbacks, registry, log, tokens, status, segments, WarmUpState.DONE);
    }

    /**
     * @param tokens what {@code /feedback}, {@code /final-decision} and the administrative endpoints
     *     require
     * @param segments what defines the monitoring attributes a {@code /predict} body may carry
     * @param warmUp whether the service still rehearses its request path, which {@code /ready} reports
     */
    public ApiRouter(
            PredictionService predictions,
            FeedbackService feedbacks,
            ModelRegistry registry,
            PredictionLog log,
            BearerTokens tokens,
            StatusResource status,
            Segments segments,
            WarmUpState warmUp) {
        this.tokens = tokens;
        this.status = status;
        Supplier<LoanModel> champion = () -> registry.current().champion();
        FeatureSchema schema = registry.current().champion().schema();
        this.admin = new AdminResource(registry);
        this.audit = new AuditResource(log, schema);
        this.predictions = predictions;
        this.feedbacks = feedbacks;
        this.predict = new PredictResource(predictions, new JsonCodec(schema, segments.attributeNames()));
        this.feedback = new FeedbackResource(feedbacks);
        this.finalDecision = new FinalDecisionResource(feedbacks);
        this.health = new HealthResource(champion, log, tokens, warmUp);
        this.inference = new InferenceProtocolResource(predictions, champion, schema, health);
    }

    /** A router for one event loop; handlers are shared and thread-safe. */
    public Router build(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(ApiRouter::closeAfterTransferEncoding);
        readable(router, "/health").handler(health::health);
        readable(router, "/ready").handler(health::ready);
        readable(router, "/model").handler(health::model);
        // A route of its own: Vert.x wants the body handler first on a route, and the clock must
        // start before the body is read.
        router.post("/predict").handler(predict::arrive);
        withBody(
                        router,
                        HttpMethod.POST,
                        "/predict",
                        BODY_LIMIT_BYTES,
                        predictions::refusedOverloaded,
                        Responses::error)
                .handler(new JsonContentType(predictions::rejectedInvalid))
                .handler(predict::handle)
                .failureHandler(predict::fail);
        // Its own route, before the body is read: a request without a token costs no body buffer.
        router.post("/feedback").handler(new RequireToken(tokens, "feedback"));
        withBody(router, HttpMethod.POST, "/feedback", BODY_LIMIT_BYTES, () -> {}, Responses::error)
                .handler(new JsonContentType(feedbacks::rejectedInvalid))
                .handler(feedback::handle)
                .failureHandler(feedback::fail);
        // Ground truth as well: the same token rule as /feedback.
        router.post("/final-decision").handler(new RequireToken(tokens, "a final decision"));
        withBody(router, HttpMethod.POST, "/final-decision", BODY_LIMIT_BYTES, () -> {}, Responses::error)
                .handler(new JsonContentType(feedbacks::rejectedInvalid))
                .handler(finalDecision::handle)
                .failureHandler(finalDecision::fail);
        inferenceRoutes(router);
        adminRoutes(router);
        readable(router, "/").handler(status::page);
        readable(router, "/status").handler(status::page);
        readable(router, "/status.json").handler(status::json);
        readable(router, "/assets/:name").handler(status::asset);
        for (int status : new int[] {400, 404, 405, 413, 414, 431, 500}) {
            router.errorHandler(status, routerError(status));
        }
        return router;
    }

    /** The Open Inference Protocol v2 routes, with the model's version in the path or not. */
    private void inferenceRoutes(Router router) {
        readable(router, "/v2").handler(inference::server);
        readable(router, "/v2/health/live").handler(inference::live);
        readable(router, "/v2/health/ready").handler(inference::ready);
        for (String model : new String[] {"/v2/models/:name", "/v2/models/:name/versions/:version"}) {
            readable(router, model).handler(inference::metadata);
            readable(router, model + "/ready").handler(inference::modelReady);
            withBody(
                            router,
                            HttpMethod.POST,
                            model + "/infer",
                            InferenceProtocolResource.BODY_LIMIT_BYTES,
                            predictions::refusedOverloaded,
                            Responses::protocolError)
                    .handler(new JsonContentType(predictions::rejectedInvalid, true))
                    .handler(inference::infer)
                    .failureHandler(inference::fail);
        }
    }

    /**
     * The administrative API, behind the token: without one configured it answers 403, since an open
     * model upload would let anyone decide credit.
     */
    private void adminRoutes(Router router) {
        RequireToken token = new RequireToken(tokens, "administration", true);
        router.route("/admin/*").handler(token);
        readable(router, "/admin/models").handler(admin::list);
        withBody(
                        router,
                        HttpMethod.POST,
                        "/admin/models",
                        AdminResource.ARTIFACT_LIMIT_BYTES,
                        () -> {},
                        Responses::error)
                .handler(new JsonContentType(() -> {}))
                .handler(admin::upload);
        withBody(router, HttpMethod.PUT, "/admin/models/:version/role", BODY_LIMIT_BYTES, () -> {}, Responses::error)
                .handler(new JsonContentType(() -> {}))
                .handler(admin::assign);
        router.post("/admin/rollback").handler(admin::rollback);
        readable(router, "/predictions/:id").handler(new RequireToken(tokens, "the audit lookup", true));
        readable(router, "/predictions/:id").handler(audit::find);
    }

    /**
     * Before every route: a request whose body is framed by {@code Transfer-Encoding} is answered
     * with {@code Connection: close}, and its connection closed once the answer is sent. It may
     * have come with a {@code Content-Length} too, which the decoder drops but a proxy in front may
     * have framed the body by, so that what follows on the connection could be a smuggled request
     * (RFC 9112, section 6.1: the server must close the connection after answering such a request).
     * Vert.x answers a pipelined request only once the one before is answered, so the close comes
     * first.
     */
    static void closeAfterTransferEncoding(RoutingContext ctx) {
        if (ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            ctx.addEndHandler(done -> ctx.request().connection().close());
        }
        ctx.next();
    }

    /** A route answering GET and HEAD alike; Vert.x leaves the body out of a HEAD answer. */
    static Route readable(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    /**
     * The route of a request whose body is read whole, at most {@code limit} bytes: first its claim
     * on the bodies held at once, on a route of its own (Vert.x wants the body handler first on a
     * route), then the body.
     *
     * @param refused counts a request the budget refused, where the route counts its failures
     * @param answer writes that refusal in the route's error shape
     */
    private Route withBody(
            Router router,
            HttpMethod method,
            String path,
            long limit,
            Runnable refused,
            BiConsumer<RoutingContext, HttpError> answer) {
        router.route(method, path).handler(bodies.admit(limit, refused, answer));
        return router.route(method, path).handler(bodyHandler(limit));
    }

    /**
     * Reads a whole body of at most {@code limit} bytes. Form bodies are not merged into the query
     * parameters: every body here is JSON, and merging decoded the query inside the body handler,
     * where a bad percent-escape became an unhandled exception and a request left unanswered.
     * The buffer starts at the declared {@code Content-Length}, which {@link BodyBudget} has
     * already admitted: without it every body began as a 1 KiB buffer, five times a {@code
     * /predict} body.
     */
    private static BodyHandler bodyHandler(long limit) {
        return BodyHandler.create(false)
                .setBodyLimit(limit)
                .setMergeFormAttributes(false)
                .setPreallocateBodyBuffer(true);
    }

    /** The error handler the router calls for {@code status}. */
    static Handler<RoutingContext> routerError(int status) {
        return ctx -> Responses.error(ctx, routerFailure(ctx, status));
    }

    /**
     * What the router failed with. With neither a status nor a failure on the context, the router
     * failed while matching a route, before any handler ran: for 400 that is a query string it
     * could not decode (paths are checked before routing, {@link InvalidRequests#validPath}).
     */
    static HttpError routerFailure(RoutingContext ctx, int status) {
        if (ctx.statusCode() < 0 && ctx.failure() == null) {
            return status == 400
                    ? ErrorMapper.map(QueryParameters.malformed(ctx))
                    : ErrorMapper.forStatus(
                            status, ctx.request().method().name(), ctx.request().path());
        }
        return PredictResource.failure(ctx);
    }
}
