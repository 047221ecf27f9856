package org.loanmodel.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.loanmodel.config.HttpLimits;

/**
 * Enforces {@link HttpLimits} on one server: deadlines for request heads and bodies (Vert.x has an
 * idle timeout, which a client trickling one byte at a time never trips) and the connection limit
 * shared by all event loops. Each instance serves one event loop, so its map needs no locking.
 *
 * <p>A connection's deadline is a number, moved as the connection goes from waiting for a head to
 * reading a body to idling, and one periodic sweep closes the connections past theirs. Setting and
 * cancelling a Vert.x timer per request instead (two of each) took a tenth of the event loop's time
 * under load. The sweep runs every eighth of the shortest limit (5 ms to 1 s), so a deadline is
 * enforced at most that much late, and the idle deadline after an answer starts at the sweep that
 * sees the answer sent, at most that much after it.
 */
final class ConnectionGuard {
    private static final long NONE = Long.MAX_VALUE;

    private final Vertx vertx;
    private final HttpLimits limits;
    private final AtomicInteger open;
    private final Map<HttpConnection, Watch> watches = new HashMap<>();
    private final long headNanos;
    private final long bodyNanos;
    private final long idleNanos;
    private long sweeper = -1;

    /**
     * What is known of one connection: whether it was refused, when it must have moved on, and the
     * answer it is waiting for, if any.
     */
    private static final class Watch {
        boolean refused;
        long deadline = NONE;
        /** The answer to the request being served; {@code null} once the sweep saw it sent. */
        HttpServerResponse answering;
    }

    /**
     * @param open connections currently open over every server sharing the limit
     */
    ConnectionGuard(Vertx vertx, HttpLimits limits, AtomicInteger open) {
        this.vertx = vertx;
        this.limits = limits;
        this.open = open;
        this.headNanos = limits.headTimeout().toNanos();
        this.bodyNanos = limits.bodyTimeout().toNanos();
        this.idleNanos = limits.idleTimeout().toNanos();
    }

    /** Installs the guard in front of {@code next} on {@code server}; call on the server's event loop. */
    void install(HttpServer server, Handler<HttpServerRequest> next) {
        server.connectionHandler(this::opened);
        server.requestHandler(request -> request(request, next));
        long shortest = Math.min(headNanos, Math.min(bodyNanos, idleNanos));
        long interval = Math.max(5, Math.min(1000, shortest / 8 / 1_000_000));
        sweeper = vertx.setPeriodic(interval, id -> sweep());
    }

    /** Stops the sweep; the verticle's undeployment would too. */
    void stop() {
        if (sweeper >= 0) {
            vertx.cancelTimer(sweeper);
            sweeper = -1;
        }
    }

    private void sweep() {
        if (watches.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        List<HttpConnection> late = null;
        for (Map.Entry<HttpConnection, Watch> entry : watches.entrySet()) {
            Watch watch = entry.getValue();
            if (watch.answering != null && watch.answering.ended()) {
                // Answered: from now on the connection may idle until its next request's head.
                watch.answering = null;
                watch.deadline = now + idleNanos;
            }
            if (watch.deadline != NONE && now - watch.deadline >= 0) {
                watch.deadline = NONE;
                late = late == null ? new ArrayList<>() : late;
                late.add(entry.getKey());
            }
        }
        if (late != null) {
            // Closed after the walk: a close handler removes its entry from the map.
            late.forEach(HttpConnection::close);
        }
    }

    private void opened(HttpConnection connection) {
        Watch watch = new Watch();
        watch.refused = open.incrementAndGet() > limits.maxConnections();
        watches.put(connection, watch);
        connection.closeHandler(v -> {
            open.decrementAndGet();
            watches.remove(connection);
        });
        watch.deadline = System.nanoTime() + headNanos;
    }

    private void request(HttpServerRequest request, Handler<HttpServerRequest> next) {
        Watch watch = watches.get(request.connection());
        if (watch == null) {
            next.handle(request);
            return;
        }
        if (watch.refused) {
            watch.deadline = NONE;
            refuse(request);
            return;
        }
        // Until the answer is written: the body's deadline, then the idle one, which the sweep sets
        // once it sees the answer sent. Not from the response's end handler: it has one slot, and
        // the router takes it for its own end handlers on every route that adds one (the body
        // routes do), which left a connection answered there to be closed at its body's deadline.
        watch.deadline = System.nanoTime() + bodyNanos;
        watch.answering = request.response();
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
}
