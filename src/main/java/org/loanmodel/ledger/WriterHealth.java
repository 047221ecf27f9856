package org.loanmodel.ledger;

/**
 * Whether the prediction log can take new work, as the {@link BatchingWriter} sees it: failing from
 * a failed store call until a later one succeeds, and stalled while a store call has run for over
 * {@link #STALLED_AFTER_NANOS} (a second, measured on {@link System#nanoTime()}: a clock that is set
 * forward must not look like a stall). Callers are refused in both cases, so that no new decision is
 * acknowledged while the log may not be able to store it.
 */
final class WriterHealth {
    /** A store call running longer than this refuses new work until it returns. */
    static final long STALLED_AFTER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    static final String CANNOT_WRITE = "prediction log cannot write; nothing was stored, retry later";
    static final String STALLED = "prediction log write has not finished for over 1 s; nothing was stored, retry later";

    private static final long NO_CALL = Long.MIN_VALUE;

    private volatile boolean failing;
    private volatile long callStartedNanos = NO_CALL;

    // Written by the writer thread only.
    private int failures;
    private long failingSinceNanos;

    /** Why new work is refused now, in the API's words; {@code null} when it is taken. */
    String refusal() {
        if (failing) {
            return CANNOT_WRITE;
        }
        long started = callStartedNanos;
        if (started != NO_CALL && System.nanoTime() - started > STALLED_AFTER_NANOS) {
            return STALLED;
        }
        return null;
    }

    /** Whether the last store call failed (and none has succeeded since). */
    boolean failing() {
        return failing;
    }

    void callStarted() {
        callStartedNanos = System.nanoTime();
    }

    void callFinished() {
        callStartedNanos = NO_CALL;
    }

    /**
     * Records a failed store call.
     *
     * @return how many calls have failed in a row, this one included
     */
    int failed() {
        if (!failing) {
            failingSinceNanos = System.nanoTime();
            failing = true;
        }
        return ++failures;
    }

    /**
     * Records that the store works again.
     *
     * @return how long it failed and how often
     */
    Outage recovered() {
        Outage outage = new Outage(failures, (System.nanoTime() - failingSinceNanos) / 1e9);
        failures = 0;
        failing = false;
        return outage;
    }

    /**
     * A period of failed store calls.
     *
     * @param failures the calls that failed
     * @param seconds from the first failure to the success that ended it
     */
    record Outage(int failures, double seconds) {}
}
