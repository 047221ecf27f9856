package org.loanmodel.api;

import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.loanmodel.model.InvalidInputException;

/**
 * The metrics port (8001): {@code GET /metrics} (and {@code /}, as the original system's exporter
 * answered on any path) in the Prometheus text, OpenMetrics or protobuf format chosen by the
 * {@code Accept} header, gzip when asked, {@code name[]} filters as client_java supports them.
 *
 * <p>Example: {@code curl -s http://localhost:8001/metrics | grep model_requests_total}
 */
public final class MetricsRouter {
    private static final String DEBUG = "debug";
    /** The formats client_java renders for {@code ?debug=}, as text for a person to read. */
    private static final List<String> DEBUG_FORMATS = List.of("openmetrics", "text", "prometheus-protobuf");

    private final PrometheusScrapeHandler scrapeHandler;

    public MetricsRouter(PrometheusRegistry registry) {
        this.scrapeHandler = new PrometheusScrapeHandler(registry);
    }

    public Router build(Vertx vertx) {
        Router router = Router.router(vertx);
        ApiRouter.readable(router, "/metrics").handler(ctx -> scrape(vertx, ctx));
        ApiRouter.readable(router, "/").handler(ctx -> scrape(vertx, ctx));
        for (int status : new int[] {400, 404, 405, 500}) {
            router.errorHandler(status, ApiRouter.routerError(status));
        }
        return router;
    }

    /** client_java answers an unknown {@code ?debug=} format with 500; it is the client's mistake. */
    private static void checkDebugFormat(RoutingContext ctx) {
        String debug = QueryParameters.get(ctx, DEBUG);
        if (debug != null && !DEBUG_FORMATS.contains(debug)) {
            throw new InvalidInputException(
                    DEBUG,
                    "invalid_query",
                    "query parameter '" + DEBUG + "' must be one of " + DEBUG_FORMATS + ", got '" + debug + "'");
        }
    }

    private void scrape(Vertx vertx, RoutingContext ctx) {
        try {
            checkDebugFormat(ctx);
        } catch (InvalidInputException e) {
            Responses.error(ctx, ErrorMapper.map(e));
            return;
        }
        ScrapeExchange exchange = new ScrapeExchange(ctx.request());
        // Collecting runs callbacks (drift, JVM); keep it off the event loop.
        vertx.executeBlocking(() -> {
                    scrapeHandler.handleRequest(exchange);
                    return exchange;
                })
                .onComplete(done -> {
                    if (done.failed() || exchange.failure() != null) {
                        Throwable cause = done.failed() ? done.cause() : exchange.failure();
                        Responses.error(ctx, ErrorMapper.map(cause));
                        return;
                    }
                    ctx.response().setStatusCode(exchange.status()).headers().addAll(exchange.headers());
                    ctx.response().end(Buffer.buffer(exchange.body()));
                });
    }
}
