package org.loanmodel.deploy;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling it until a deadline: Prometheus scrapes and evaluates on its
 * own schedule, and there is nothing to be notified by.
 */
final class Poll {
    private static final long INTERVAL_MILLIS = 100;

    private Poll() {}

    /** The first value of {@code probe} that passes {@code done}; fails with the last value at the deadline. */
    static <T> T until(Duration timeout, String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (true) {
            last = probe.get();
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
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
