package org.loanmodel.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Bounds the request bodies that all connections together may have in memory at once. Each body
 * is read whole before it is decided, up to its route's limit (16 KiB, 4 MiB for an inference
 * batch, 64 MiB for a model); without a bound, a few dozen clients sending large batches at once
 * exhausted the heap and the JVM exited, taking the decisions still queued for the log with it.
 *
 * <p>A request claims its {@code Content-Length} (its route's limit when chunked) before its body
 * is read, and gives it back when its answer is sent or its connection closes. A claim beyond
 * what is left answers 503 {@code overloaded} with {@code Retry-After: 1} and closes the
 * connection, without reading the body. A claim larger than the whole budget is admitted while
 * no other body is held, so the largest request a route allows can always be served.
 */
final class BodyBudget {
    /** The share of the heap request bodies may hold: the rest is for decisions, the log's queue, parsing. */
    static final int HEAP_FRACTION = 8;

    private final long capacity;
    private final AtomicLong held = new AtomicLong();

    BodyBudget(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("a body budget needs capacity > 0, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** A budget of {@code 1 / }{@value #HEAP_FRACTION} of this JVM's largest heap. */
    static BodyBudget ofHeap() {
        return new BodyBudget(Runtime.getRuntime().maxMemory() / HEAP_FRACTION);
    }

    /** Bytes claimed by bodies being read or decided now. */
    long held() {
        return held.get();
    }

    /**
     * The first handler of a route whose body is read whole: claims the body's bytes or refuses.
     *
     * @param limit the route's body limit
     * @param refused counts a refused request where the route counts its failures
     * @param answer writes the refusal in the route's error shape
     */
    Handler<RoutingContext> admit(long limit, Runnable refused, BiConsumer<RoutingContext, HttpError> answer) {
        return ctx -> {
            long claim = claim(ctx.request(), limit);
            if (claim == 0) {
                ctx.next();
                return;
            }
            if (!take(claim)) {
                refused.run();
                ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                answer.accept(
                        ctx,
                        new HttpError(
                                503,
                                "overloaded",
                                null,
                                "the server holds as many request bodies as it can (" + size(capacity)
                                        + "); retry later",
                                1));
                return;
            }
            // Once: the end handlers run when the answer is sent, and again if the connection
            // then closes or fails.
            AtomicBoolean released = new AtomicBoolean();
            ctx.addEndHandler(done -> {
                if (released.compareAndSet(false, true)) {
                    held.addAndGet(-claim);
                }
            });
            ctx.next();
        };
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? bytes / (1 << 20) + " MiB" : bytes + " bytes";
    }

    /** What a request's body may occupy: its declared length, at most the route's limit. */
    static long claim(HttpServerRequest request, long limit) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return limit;
        }
        try {
            long declared = Long.parseLong(length.trim());
            return declared < 0 ? limit : Math.min(declared, limit);
        } catch (NumberFormatException e) {
            return limit;
        }
    }

    private boolean take(long claim) {
        while (true) {
            long now = held.get();
            if (now > 0 && now + claim > capacity) {
                return false;
            }
            if (held.compareAndSet(now, now + claim)) {
                return true;
            }
        }
    }
}
