package org.loanmodel.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One HTTP server on one event loop. Several instances on the same port share the socket and
 * spread connections over the event loops; stopping waits for requests in flight.
 */
public final class HttpVerticle extends VerticleBase {
    /** Longest wait for requests in flight when stopping. */
    static final long SHUTDOWN_GRACE_SECONDS = 10;

    private final String host;
    private final int port;
    private final Function<io.vertx.core.Vertx, Router> routes;
    private HttpServer server;

    public HttpVerticle(String host, int port, Function<io.vertx.core.Vertx, Router> routes) {
        this.host = host;
        this.port = port;
        this.routes = routes;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(
                new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true));
        return server.requestHandler(routes.apply(vertx)).listen();
    }

    @Override
    public Future<?> stop() {
        return server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** The port the server listens on, known once started. */
    public int actualPort() {
        return server.actualPort();
    }
}
