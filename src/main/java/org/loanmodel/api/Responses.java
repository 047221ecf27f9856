package org.loanmodel.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON responses; every error goes through {@link #error}, so all share one shape. */
final class Responses {
    static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");

    private Responses() {}

    static void json(RoutingContext ctx, int status, byte[] body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(Buffer.buffer(body));
    }

    static void error(RoutingContext ctx, HttpError error) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (error.retryAfterSeconds() > 0) {
            response.putHeader(RETRY_AFTER, Integer.toString(error.retryAfterSeconds()));
        }
        json(ctx, error.status(), JsonCodec.writeError(error));
    }

    /**
     * An error as the Open Inference Protocol renders it, {@code {"error": "..."}}: the same
     * status, message and headers as {@link #error}, another body.
     */
    static void protocolError(RoutingContext ctx, HttpError error) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (error.retryAfterSeconds() > 0) {
            response.putHeader(RETRY_AFTER, Integer.toString(error.retryAfterSeconds()));
        }
        json(
                ctx,
                error.status(),
                org.loanmodel.codec.Json.object(json -> json.writeStringField("error", error.message())));
    }

    /** The request body's bytes, or an empty array when there is none. */
    static byte[] body(RoutingContext ctx) {
        Buffer buffer = ctx.body().buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }
}
