package org.loanmodel.api;

import io.vertx.ext.web.RoutingContext;
import org.loanmodel.model.InvalidInputException;

/** Reading a query parameter: Vert.x decodes the whole query on first use and throws on a bad escape. */
final class QueryParameters {
    private QueryParameters() {}

    /**
     * The parameter's value, or {@code null} when absent.
     *
     * @throws InvalidInputException ({@code malformed_query}) when the query is not valid URL encoding
     */
    static String get(RoutingContext ctx, String name) {
        try {
            return ctx.request().getParam(name);
        } catch (IllegalArgumentException e) {
            throw malformed(ctx);
        }
    }

    /** The error for a query that is not valid URL encoding, as a handler or the router meets it. */
    static InvalidInputException malformed(RoutingContext ctx) {
        return new InvalidInputException(
                null,
                "malformed_query",
                "query string is not valid URL encoding: " + ctx.request().query());
    }
}
