package org.loanmodel.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may take of the server: how long it may stay silent, how long it may take to send
 * a request, and how many connections all clients may hold at once. Beyond these the server closes
 * the connection (or, past the connection limit, answers 503 {@code too_many_connections} and
 * closes), so slow or idle clients cannot starve the others.
 *
 * @param idleTimeout a connection on which nothing is sent or received for this long is closed, and a
 *     kept-alive connection must start its next request within it (default 30 s)
 * @param headTimeout a new connection must have sent its first complete request head within this
 *     (default 10 s): a client trickling header bytes is cut off here
 * @param bodyTimeout a request's body must have arrived within this after its head (default 30 s)
 * @param maxConnections open connections over all event loops above which new ones are refused
 *     (default 4096)
 */
public record HttpLimits(Duration idleTimeout, Duration headTimeout, Duration bodyTimeout, int maxConnections) {
    /** The defaults stated above. */
    public static final HttpLimits DEFAULTS =
            new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30), 4096);

    public HttpLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(headTimeout, "headTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        positive(idleTimeout, "idle timeout", "--idle-timeout or IDLE_TIMEOUT");
        positive(headTimeout, "head timeout", "--head-timeout or REQUEST_HEAD_TIMEOUT");
        positive(bodyTimeout, "body timeout", "--body-timeout or REQUEST_BODY_TIMEOUT");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, got " + maxConnections
                    + " (set --max-connections or MAX_CONNECTIONS)");
        }
    }

    private static void positive(Duration duration, String what, String settings) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(
                    what + " must be positive, got " + DurationParser.format(duration) + " (set " + settings + ")");
        }
    }

    public HttpLimits withIdleTimeout(Duration value) {
        return new HttpLimits(value, headTimeout, bodyTimeout, maxConnections);
    }

    public HttpLimits withHeadTimeout(Duration value) {
        return new HttpLimits(idleTimeout, value, bodyTimeout, maxConnections);
    }

    public HttpLimits withBodyTimeout(Duration value) {
        return new HttpLimits(idleTimeout, headTimeout, value, maxConnections);
    }

    public HttpLimits withMaxConnections(int value) {
        return new HttpLimits(idleTimeout, headTimeout, bodyTimeout, value);
    }
}
