package org.loanmodel.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long {@code serve} rehearses its request path before {@code /ready} answers 200: at most
 * {@code requests} requests and at most {@code limit} of time, ending earlier once the JIT compiler
 * has settled.
 *
 * @param requests most rehearsal requests; 0 turns the warm-up off ({@code --warm-up},
 *     {@code WARM_UP}; default {@value #DEFAULT_REQUESTS})
 * @param limit longest warm-up ({@code --warm-up-limit}, {@code WARM_UP_LIMIT}; default 30 s)
 */
public record WarmUpSettings(int requests, Duration limit) {
    /** Most rehearsal requests when none is given. */
    public static final int DEFAULT_REQUESTS = 1_000_000;

    /** Longest warm-up when none is given. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(30);

    /** Longest warm-up accepted: a replica that is not ready for minutes helps nobody. */
    public static final Duration MAX_LIMIT = Duration.ofMinutes(5);

    /** The defaults stated above. */
    public static final WarmUpSettings DEFAULTS = new WarmUpSettings(DEFAULT_REQUESTS, DEFAULT_LIMIT);

    /** No warm-up: ready as soon as the ports listen. */
    public static final WarmUpSettings OFF = new WarmUpSettings(0, DEFAULT_LIMIT);

    public WarmUpSettings {
        Objects.requireNonNull(limit, "limit");
        if (requests < 0) {
            throw new IllegalArgumentException("warm-up must be off or a number of requests >= 0, got " + requests
                    + " (set --warm-up or WARM_UP)");
        }
        if (limit.isNegative() || limit.isZero() || limit.compareTo(MAX_LIMIT) > 0) {
            throw new IllegalArgumentException("warm-up limit must be between 1ms and " + MAX_LIMIT.toMinutes()
                    + "m, got " + limit.toMillis() + "ms (set --warm-up-limit or WARM_UP_LIMIT)");
        }
    }

    /** Whether {@code serve} warms up at all. */
    public boolean enabled() {
        return requests > 0;
    }

    /**
     * The request count of {@code --warm-up}: {@code off} (or {@code 0}, {@code false}, {@code no}),
     * {@code on} (or {@code true}, {@code yes}) for the default, or a whole number of requests.
     *
     * @throws IllegalArgumentException naming the value, the rule, the flag and the variable
     */
    public static int parseRequests(String text) {
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        switch (value) {
            case "off", "false", "no" -> {
                return 0;
            }
            case "on", "true", "yes" -> {
                return DEFAULT_REQUESTS;
            }
            default -> {
                try {
                    int requests = Integer.parseInt(value);
                    if (requests >= 0) {
                        return requests;
                    }
                } catch (NumberFormatException e) {
                    // Falls through to the message below, which states the rule.
                }
                throw new IllegalArgumentException("warm-up must be on, off or a number of requests >= 0, got '" + text
                        + "' (set --warm-up or WARM_UP)");
            }
        }
    }

    @Override
    public String toString() {
        return enabled() ? requests + " requests within " + DurationParser.format(limit) : "off";
    }
}
