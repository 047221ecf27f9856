package org.loanmodel.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.loanmodel.status.StatusAssets;
import org.loanmodel.status.StatusJson;
import org.loanmodel.status.StatusPage;
import org.loanmodel.status.StatusReport;
import org.loanmodel.status.StatusService;

/**
 * The status page, served by the service itself under a strict Content-Security-Policy: nothing
 * is loaded from another host, nothing runs inline.
 *
 * <ul>
 *   <li>{@code curl http://localhost:5000/status} (also {@code /}): the page as HTML, every number
 *       server-rendered.
 *   <li>{@code curl http://localhost:5000/status.json}: the same data as JSON.
 *   <li>{@code curl http://localhost:5000/assets/uplot.min.js}: the page's scripts and styles.
 * </ul>
 */
public final class StatusResource {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'";

    private final StatusService status;
    private final Map<String, StatusAssets.Asset> assets;

    public StatusResource(StatusService status) {
        this.status = status;
        this.assets = StatusAssets.load();
    }

    void page(RoutingContext ctx) {
        render(
                ctx,
                "text/html; charset=utf-8",
                report -> StatusPage.render(report).getBytes(StandardCharsets.UTF_8));
    }

    void json(RoutingContext ctx) {
        render(ctx, Responses.JSON.toString(), StatusJson::write);
    }

    void asset(RoutingContext ctx) {
        StatusAssets.Asset asset = assets.get(ctx.pathParam("name"));
        if (asset == null) {
            Responses.error(ctx, ErrorMapper.forStatus(404, "GET", ctx.request().path()));
            return;
        }
        // The assets change only with the jar: a browser may keep them, but asks again after an upgrade.
        secure(ctx.response())
                .putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .end(Buffer.buffer(asset.body()));
    }

    /** Scraping runs the registry's callbacks: off the event loop. */
    private void render(
            RoutingContext ctx, String contentType, java.util.function.Function<StatusReport, byte[]> encode) {
        ctx.vertx().executeBlocking(() -> encode.apply(status.report())).onComplete(done -> {
            if (done.failed()) {
                Responses.error(ctx, ErrorMapper.map(done.cause()));
                return;
            }
            secure(ctx.response())
                    .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(Buffer.buffer(done.result()));
        });
    }

    private static HttpServerResponse secure(HttpServerResponse response) {
        return response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
    }
}
