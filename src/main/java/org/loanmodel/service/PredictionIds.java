package org.loanmodel.service;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes prediction ids unique across restarts and replicas without coordination: version 7 UUIDs
 * (RFC 9562), 48 bits of epoch milliseconds followed by 74 random bits.
 *
 * <p>Time-ordered ids keep the prediction log's primary-key index append-mostly, and two replicas
 * collide only if they draw the same 74 random bits in the same millisecond.
 */
public final class PredictionIds {
    private final Clock clock;

    public PredictionIds(Clock clock) {
        this.clock = clock;
    }

    /** A new id such as {@code 019abf3c-5e2a-7c41-9b1e-3f0a9c2d4e51}. */
    public String next() {
        return next(clock.millis());
    }

    /**
     * A new id of a decision made at {@code millis} (epoch milliseconds): a batch's rows, decided
     * at one instant, take it from one reading of the clock instead of one each.
     */
    public String next(long millis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
