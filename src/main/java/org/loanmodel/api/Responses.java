package org.loanmodel.api;

import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Writes JSON responses; every error goes through {@link #error}, so all share one shape. */
final class Responses {
    static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");
    private static final CharSequence REPLAYED = HttpHeaders.createOptimized("Idempotent-Replayed");

    private Responses() {}

    /**
     * Answers {@code body} as it is: the array is wrapped, not copied ({@code Buffer.buffer(byte[])}
     * copies it into a new one), so it must not change once handed over.
     */
    static void json(RoutingContext ctx, int status, byte[] body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .end(BufferInternal.buffer(Unpooled.wrappedBuffer(body)));
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

    /**
     * Answers with {@code answer} once {@code result} completes, on the request's own event loop; a
     * failure is answered through {@link ErrorMapper}.
     */
    static <T> void whenDone(RoutingContext ctx, CompletableFuture<T> result, Consumer<T> answer) {
        Context context = Vertx.currentContext();
        result.whenComplete((ignored, failure) -> context.runOnContext(v -> {
            T value;
            try {
                value = result.join();
            } catch (RuntimeException e) {
                error(ctx, ErrorMapper.map(e));
                return;
            }
            answer.accept(value);
        }));
    }

    /** A 200 answer that says, when it is a replay, that nothing changed ({@code Idempotent-Replayed}). */
    static void idempotent(RoutingContext ctx, boolean replay, byte[] body) {
        if (replay) {
            ctx.response().putHeader(REPLAYED, "true");
        }
        json(ctx, 200, body);
    }

    /** The request body's bytes, or an empty array when there is none. */
    static byte[] body(RoutingContext ctx) {
        Buffer buffer = ctx.body().buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }
}
