package org.loanmodel.service;

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
    /**
     * A new id, such as {@code 019abf3c-5e2a-7c41-9b1e-3f0a9c2d4e51}, of a decision made at {@code
     * millis} (epoch milliseconds): the decision's own time, so that a batch's rows, decided at
     * one instant, share one reading of the clock and each id's millisecond is its row's {@code
     * created_at}.
     */
    public String next(long millis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
