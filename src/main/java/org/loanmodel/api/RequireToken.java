package org.loanmodel.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets a request through only with an accepted bearer token; otherwise answers 401 with a {@code
 * WWW-Authenticate} challenge, before the body is read or anything is counted.
 */
final class RequireToken implements Handler<RoutingContext> {
    private final BearerTokens tokens;
    private final String what;

    /** @param what what the token protects, for the error message, e.g. {@code "feedback"} */
    RequireToken(BearerTokens tokens, String what) {
        this.tokens = tokens;
        this.what = what;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (tokens.accepts(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"loan-model-api\"");
        Responses.error(
                ctx,
                HttpError.of(
                        401,
                        "unauthorized",
                        what + " needs the header 'Authorization: Bearer <token>' with a configured token"));
    }
}
