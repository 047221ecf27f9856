package org.loanmodel.warmup;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Whether the JIT compiler has been idle lately. On Linux from the CPU time of the JVM's compiler
 * threads ({@code /proc/self/task}), which grows while they compile; elsewhere from the JVM's total
 * compilation time, which grows only as compilations finish, so one long compilation can look like
 * calm. A JVM that measures neither (the total stays 0, as with {@code -XX:-UsePerfData}) never
 * counts as idle.
 */
final class CompilerActivity {
    private static final Path TASKS = Path.of("/proc/self/task");

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
        if (compilerThreadMillis() > 0) {
            return new CompilerActivity(CompilerActivity::compilerThreadMillis, System::nanoTime);
        }
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        if (bean == null || !bean.isCompilationTimeMonitoringSupported()) {
            return new CompilerActivity(() -> 0, System::nanoTime);
        }
        return new CompilerActivity(bean::getTotalCompilationTime, System::nanoTime);
    }

    /**
     * CPU milliseconds the compiler threads ({@code C1 CompilerThre...}, {@code C2 CompilerThre...}) of
     * this process have used, or 0 when {@code /proc} cannot tell. The kernel counts in clock ticks
     * of 10 ms on common kernels ({@code USER_HZ} 100), which the window's noise allows for.
     */
    static long compilerThreadMillis() {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                ticks += compilerTicks(task);
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ticks * 10;
    }

    /** utime + stime of a compiler thread, 0 for any other thread or one that has just ended. */
    private static long compilerTicks(Path task) {
        String stat;
        try {
            stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
            return 0;
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String name = stat.substring(open + 1, close);
        if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
            return 0;
        }
        // After the name: state, then 10 more fields before utime (14th field) and stime (15th).
        String[] fields = stat.substring(close + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
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
