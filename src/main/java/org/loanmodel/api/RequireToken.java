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
    private final boolean closedWithoutTokens;

    /** @param what what the token protects, for the error message, e.g. {@code "feedback"} */
    RequireToken(BearerTokens tokens, String what) {
        this(tokens, what, false);
    }

    /**
     * @param what what the token protects, for the error message
     * @param closedWithoutTokens whether the route answers 403 when no token is configured at all
     *     (administration) rather than being open (the original system's feedback)
     */
    RequireToken(BearerTokens tokens, String what, boolean closedWithoutTokens) {
        this.tokens = tokens;
        this.what = what;
        this.closedWithoutTokens = closedWithoutTokens;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (closedWithoutTokens && !tokens.required()) {
            Responses.error(
                    ctx,
                    HttpError.of(
                            403,
                            "disabled",
                            what + " is disabled: no token is configured (set FEEDBACK_TOKENS or --feedback-token)"));
            return;
        }
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
