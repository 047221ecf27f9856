package org.loanmodel.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Refuses request bodies that are not declared as JSON, or that declare a content coding (415):
 * the server does not decompress, and a compressed body read as JSON would be refused with a
 * misleading syntax error, or an uncompressed one mislabelled as compressed accepted.
 */
final class JsonContentType implements Handler<RoutingContext> {
    private final Runnable onReject;
    private final boolean protocol;

    /** @param onReject counts the refusal in the endpoint's metrics */
    JsonContentType(Runnable onReject) {
        this(onReject, false);
    }

    /**
     * @param onReject counts the refusal in the endpoint's metrics
     * @param protocol whether to answer in the Open Inference Protocol's error shape
     */
    JsonContentType(Runnable onReject, boolean protocol) {
        this.onReject = onReject;
        this.protocol = protocol;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String coding = ctx.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        if (!isJson(type)) {
            refuse(
                    ctx,
                    new HttpError(
                            415,
                            "unsupported_media_type",
                            null,
                            "Content-Type must be application/json, got " + (type == null ? "none" : "'" + type + "'"),
                            0));
        } else if (coding != null && !coding.trim().equalsIgnoreCase("identity")) {
            refuse(
                    ctx,
                    new HttpError(
                            415,
                            "unsupported_content_encoding",
                            null,
                            "Content-Encoding '" + coding + "' is not supported; send the body uncompressed",
                            0));
        } else {
            ctx.next();
        }
    }

    private void refuse(RoutingContext ctx, HttpError error) {
        onReject.run();
        if (protocol) {
            Responses.protocolError(ctx, error);
        } else {
            Responses.error(ctx, error);
        }
    }

    static boolean isJson(String type) {
        if (type == null) {
            return false;
        }
        int semicolon = type.indexOf(';');
        String media =
                (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json");
    }
}
