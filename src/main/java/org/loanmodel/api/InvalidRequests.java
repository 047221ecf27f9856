package org.loanmodel.api;

import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;

/**
 * Answers what never reaches a route in the one error shape: requests the HTTP decoder refused
 * (oversize URI or headers, broken framing) and paths with invalid percent-escapes. The connection
 * is closed after such an answer, since its framing can no longer be trusted.
 */
final class InvalidRequests {
    /** Longest request line, the Vert.x default; longer ones answer 414. */
    static final int MAX_URI_BYTES = 4096;
    /** Largest request head, the Vert.x default; larger ones answer 431. */
    static final int MAX_HEADER_BYTES = 8192;

    private InvalidRequests() {}

    /** The handler for requests the decoder could not read. */
    static void answerUndecodable(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        String message = cause == null ? "" : String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        HttpError error;
        if (cause instanceof TooLongFrameException && message.contains("line")) {
            error = HttpError.of(414, "uri_too_long", "request line exceeds " + MAX_URI_BYTES + " bytes");
        } else if (cause instanceof TooLongFrameException) {
            error = HttpError.of(431, "headers_too_large", "request headers exceed " + MAX_HEADER_BYTES + " bytes");
        } else {
            error = HttpError.of(400, "bad_request", "request is not valid HTTP/1.1");
        }
        answerAndClose(request, error);
    }

    /** True when every {@code %} in the path starts a two-digit hexadecimal escape. */
    static boolean validPath(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '%'
                    && (i + 2 >= path.length() || !hex(path.charAt(i + 1)) || !hex(path.charAt(i + 2)))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The answer for a path that cannot be decoded. */
    static void answerBadPath(HttpServerRequest request) {
        answerAndClose(
                request,
                HttpError.of(
                        400,
                        "invalid_path",
                        "request path must be '/' and percent-escapes like %2F; got an invalid one"));
    }

    static void answerAndClose(HttpServerRequest request, HttpError error) {
        request.response()
                .setStatusCode(error.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Responses.JSON)
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .end(Buffer.buffer(JsonCodec.writeError(error)))
                .onComplete(done -> request.connection().close());
    }
}
