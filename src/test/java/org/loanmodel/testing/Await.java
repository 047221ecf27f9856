package org.loanmodel.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls until a condition holds or a deadline passes: the test-side alternative to sleeping, for
 * things nothing notifies us of (a writer thread, a Prometheus scrape).
 */
public final class Await {
    private static final long INTERVAL_MILLIS = 20;

    private Await() {}

    /** Waits until {@code condition} holds; fails at the deadline. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        value(timeout, what, condition::getAsBoolean, Boolean::booleanValue);
    }

    /** The first value of {@code probe} that passes {@code done}; fails with the last value at the deadline. */
    public static <T> T value(Duration timeout, String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T last = probe.get();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + last);
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
