package org.loanmodel.warmup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The CPU time the JVM's compiler threads ({@code C1 CompilerThre...}, {@code C2 CompilerThre...})
 * have used, from the kernel's per-thread accounting ({@code /proc/self/task/<tid>/stat}).
 *
 * <p>Reads the stat of the compiler threads alone, and lists the process's threads at most once per
 * {@link #RELIST} to find compiler threads the JVM added (it starts and stops them with the length
 * of its queue). Reading every thread's stat at every poll (the rehearsal's 32 clients among them)
 * made that reading hot enough for C2 to compile it, 0.8 s of the compiler's time during a warm-up
 * spent on the warm-up's own bookkeeping (BENCHMARKS.md). A thread that has ended keeps the time it
 * used, so the total never goes back.
 */
final class CompilerThreads {
    /** How often the threads are listed again for new compiler threads. */
    static final Duration RELIST = Duration.ofSeconds(1);

    /** Milliseconds per clock tick: {@code USER_HZ} is 100 on common kernels. */
    private static final long MILLIS_PER_TICK = 10;

    private final Path tasks;
    private final LongSupplier nanoTime;
    /** Ticks of each live compiler thread at its last reading, by thread id. */
    private final Map<String, Long> compilerTicks = new HashMap<>();
    /** Threads listed before that are no compiler threads. */
    private final Set<String> others = new HashSet<>();

    private long endedTicks;
    private long listedNanos;
    private boolean listed;

    /**
     * @param tasks the process's thread folder, {@code /proc/self/task}
     * @param nanoTime a monotonic clock in nanoseconds
     */
    CompilerThreads(Path tasks, LongSupplier nanoTime) {
        this.tasks = tasks;
        this.nanoTime = nanoTime;
    }

    /** This process's compiler threads. */
    static CompilerThreads ofThisProcess() {
        return new CompilerThreads(Path.of("/proc/self/task"), System::nanoTime);
    }

    /**
     * CPU milliseconds the compiler threads have used so far, ended ones included; 0 when {@code /proc}
     * tells nothing of them. Not thread-safe: one poller reads it.
     */
    long millis() {
        long now = nanoTime.getAsLong();
        if (!listed || now - listedNanos >= RELIST.toNanos()) {
            list();
            listedNanos = now;
            listed = true;
        }
        long ticks = endedTicks;
        for (Iterator<Map.Entry<String, Long>> threads =
                        compilerTicks.entrySet().iterator();
                threads.hasNext(); ) {
            Map.Entry<String, Long> thread = threads.next();
            long current = readTicks(thread.getKey());
            if (current < 0) {
                endedTicks += thread.getValue();
                ticks += thread.getValue();
                threads.remove();
            } else {
                thread.setValue(current);
                ticks += current;
            }
        }
        return ticks * MILLIS_PER_TICK;
    }

    /** Finds compiler threads not seen yet; forgets threads that have gone, whose ids may come back. */
    private void list() {
        Set<String> present = new HashSet<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                present.add(thread.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        others.retainAll(present);
        for (String id : present) {
            if (compilerTicks.containsKey(id) || others.contains(id)) {
                continue;
            }
            if (readTicks(id) >= 0) {
                compilerTicks.put(id, 0L);
            } else {
                others.add(id);
            }
        }
    }

    /** utime + stime of compiler thread {@code id}; -1 for any other thread or one that has ended. */
    private long readTicks(String id) {
        String stat;
        try {
            stat = Files.readString(tasks.resolve(id).resolve("stat"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open || !isCompiler(stat.substring(open + 1, close))) {
            return -1;
        }
        // After the name: the state (3rd field), then utime (14th) and stime (15th).
        int field = 3;
        int start = close + 2;
        long ticks = 0;
        while (field <= 15 && start < stat.length()) {
            int end = stat.indexOf(' ', start);
            if (end < 0) {
                end = stat.length();
            }
            if (field >= 14) {
                try {
                    ticks += Long.parseLong(stat, start, end, 10);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            field++;
            start = end + 1;
        }
        return field > 15 ? ticks : -1;
    }

    private static boolean isCompiler(String name) {
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }
}
