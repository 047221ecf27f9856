package org.loanmodel.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.loanmodel.config.HttpLimits;

/**
 * One HTTP server on one event loop. Several instances on the same port share the socket and
 * spread connections over the event loops; stopping waits for requests in flight. Every answer,
 * the HTTP layer's own included, has the one JSON error shape, and {@link HttpLimits} bound what
 * slow or idle clients may hold.
 */
public final class HttpVerticle extends VerticleBase {
    /** Longest wait for requests in flight when stopping. */
    static final long SHUTDOWN_GRACE_SECONDS = 10;

    private final String host;
    private final int port;
    private final Function<io.vertx.core.Vertx, Router> routes;
    private final HttpLimits limits;
    private final AtomicInteger openConnections;
    private HttpServer server;
    private ConnectionGuard guard;

    /**
     * @param openConnections the count of open connections shared by every instance on this port
     */
    public HttpVerticle(
            String host,
            int port,
            Function<io.vertx.core.Vertx, Router> routes,
            HttpLimits limits,
            AtomicInteger openConnections) {
        this.host = host;
        this.port = port;
        this.routes = routes;
        this.limits = limits;
        this.openConnections = openConnections;
    }

    @Override
    public Future<?> start() {
        // HTTP/1.1 only: Vert.x would also accept HTTP/2 without TLS (h2c), whose up to 100
        // streams per connection a slow client could each hold open with a trickled body, beyond
        // what ConnectionGuard bounds per connection. An Upgrade: h2c header is then ignored and
        // the request answered over HTTP/1.1.
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHttp2ClearTextEnabled(false)
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setMaxInitialLineLength(InvalidRequests.MAX_URI_BYTES)
                .setMaxHeaderSize(InvalidRequests.MAX_HEADER_BYTES)
                .setIdleTimeout((int) limits.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
        Router router = routes.apply(vertx);
        server.invalidRequestHandler(InvalidRequests::answerUndecodable);
        guard = new ConnectionGuard(vertx, limits, openConnections);
        guard.install(server, request -> {
            if (InvalidRequests.validPath(request.path())) {
                router.handle(request);
            } else {
                InvalidRequests.answerBadPath(request);
            }
        });
        return server.listen();
    }

    @Override
    public Future<?> stop() {
        if (guard != null) {
            guard.stop();
        }
        return server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** The port the server listens on, known once started. */
    public int actualPort() {
        return server.actualPort();
    }
}
