package org.loanmodel.warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Whether the JIT compiler has been idle lately. On Linux from the CPU time of the JVM's compiler
 * threads ({@link CompilerThreads}), which grows while they compile; elsewhere from the JVM's total
 * compilation time, which grows only as compilations finish, so one long compilation can look like
 * calm. A JVM that measures neither (the total stays 0, as with {@code -XX:-UsePerfData}) never
 * counts as idle.
 */
final class CompilerActivity {
    private final LongSupplier totalMillis;
    private final LongSupplier nanoTime;

    /**
     * @param totalMillis milliseconds the JIT compiler has spent so far
     * @param nanoTime a monotonic clock in nanoseconds
     */
    CompilerActivity(LongSupplier totalMillis, LongSupplier nanoTime) {
        this.totalMillis = totalMillis;
        this.nanoTime = nanoTime;
    }

    /** The compiler of the running JVM. */
    static CompilerActivity ofThisJvm() {
        CompilerThreads threads = CompilerThreads.ofThisProcess();
        if (threads.millis() > 0) {
            return new CompilerActivity(threads::millis, System::nanoTime);
        }
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        if (bean == null || !bean.isCompilationTimeMonitoringSupported()) {
            return new CompilerActivity(() -> 0, System::nanoTime);
        }
        return new CompilerActivity(bean::getTotalCompilationTime, System::nanoTime);
    }

    /** Milliseconds the compiler has worked so far, by this activity's measure. */
    long millis() {
        return totalMillis.getAsLong();
    }

    /**
     * A sliding window over the compiler's activity, starting now, that spans at least {@code length}
     * and at least {@code requests} rehearsal requests: a pause of the requests is no calm, since
     * nothing new becomes hot while none run.
     */
    Window window(Duration length, long requests) {
        return new Window(length.toNanos(), requests);
    }

    /** The compilation seen over the last window, sampled at each {@link #idle} call. */
    final class Window {
        private final long length;
        private final long requests;
        /** Samples of (nanoTime, total milliseconds, requests so far), oldest first. */
        private final ArrayDeque<long[]> samples = new ArrayDeque<>();

        private Window(long length, long requests) {
            this.length = length;
            this.requests = requests;
            samples.add(new long[] {nanoTime.getAsLong(), totalMillis.getAsLong(), 0});
        }

        /**
         * Whether the compiler worked at most {@code share} of the whole last window (and at least
         * {@code floor} counts as idle, for the clock's ticks); false until a full window has been
         * watched.
         *
         * @param answered rehearsal requests answered so far
         */
        boolean idle(long answered, double share, Duration floor) {
            long now = nanoTime.getAsLong();
            long total = totalMillis.getAsLong();
            samples.add(new long[] {now, total, answered});
            // The newest sample that still starts a full window is the window's start.
            while (samples.size() > 2 && spansWindow(secondOldest(), now, answered)) {
                samples.removeFirst();
            }
            long[] oldest = samples.peekFirst();
            if (total == 0 || !spansWindow(oldest, now, answered)) {
                return false;
            }
            double allowed = Math.max(floor.toMillis(), share * (now - oldest[0]) / 1e6);
            return total - oldest[1] <= allowed;
        }

        private boolean spansWindow(long[] start, long now, long answered) {
            return now - start[0] >= length && answered - start[2] >= requests;
        }

        private long[] secondOldest() {
            java.util.Iterator<long[]> oldestFirst = samples.iterator();
            oldestFirst.next();
            return oldestFirst.next();
        }
    }
}
