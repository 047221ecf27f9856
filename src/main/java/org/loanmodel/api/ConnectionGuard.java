package org.loanmodel.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.loanmodel.config.HttpLimits;

/**
 * Enforces {@link HttpLimits} on one server: deadlines for request heads and bodies (Vert.x has an
 * idle timeout, which a client trickling one byte at a time never trips) and the connection limit
 * shared by all event loops. Each instance serves one event loop, so its map needs no locking.
 */
final class ConnectionGuard {
    private final Vertx vertx;
    private final HttpLimits limits;
    private final AtomicInteger open;
    private final Map<HttpConnection, Watch> watches = new HashMap<>();

    /** What is known of one connection: whether it was refused and which deadline is running. */
    private static final class Watch {
        boolean refused;
        long timer = -1;
    }

    /**
     * @param open connections currently open over every server sharing the limit
     */
    ConnectionGuard(Vertx vertx, HttpLimits limits, AtomicInteger open) {
        this.vertx = vertx;
        this.limits = limits;
        this.open = open;
    }

    /** Installs the guard in front of {@code next} on {@code server}. */
    void install(HttpServer server, Handler<HttpServerRequest> next) {
        server.connectionHandler(this::opened);
        server.requestHandler(request -> request(request, next));
    }

    private void opened(HttpConnection connection) {
        Watch watch = new Watch();
        watch.refused = open.incrementAndGet() > limits.maxConnections();
        watches.put(connection, watch);
        connection.closeHandler(v -> {
            open.decrementAndGet();
            cancel(watch);
            watches.remove(connection);
        });
        arm(watch, connection, limits.headTimeout().toMillis());
    }

    private void request(HttpServerRequest request, Handler<HttpServerRequest> next) {
        HttpConnection connection = request.connection();
        Watch watch = watches.get(connection);
        if (watch == null) {
            next.handle(request);
            return;
        }
        cancel(watch);
        if (watch.refused) {
            refuse(request);
            return;
        }
        // Until the answer is written: the body's deadline, then the next request's.
        arm(watch, connection, limits.bodyTimeout().toMillis());
        request.response()
                .endHandler(v -> arm(watch, connection, limits.idleTimeout().toMillis()));
        next.handle(request);
    }

    private void refuse(HttpServerRequest request) {
        byte[] body = JsonCodec.writeError(HttpError.of(
                503,
                "too_many_connections",
                "the server holds its maximum of " + limits.maxConnections() + " connections; retry later"));
        request.response()
                .setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, Responses.JSON)
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .putHeader("Retry-After", "1")
                .end(Buffer.buffer(body))
                .onComplete(done -> request.connection().close());
    }

    private void arm(Watch watch, HttpConnection connection, long millis) {
        cancel(watch);
        watch.timer = vertx.setTimer(millis, id -> {
            watch.timer = -1;
            connection.close();
        });
    }

    private void cancel(Watch watch) {
        if (watch.timer >= 0) {
            vertx.cancelTimer(watch.timer);
            watch.timer = -1;
        }
    }
}
