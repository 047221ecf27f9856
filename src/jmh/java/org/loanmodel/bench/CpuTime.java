package org.loanmodel.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * CPU time of the benchmark thread per row, printed after the measurement iterations beside JMH's
 * wall time ({@code cpu ns/row: mean ... min ...}). On a machine shared with other work, time the
 * thread waited for the core does not count here, so this is the figure to compare between runs;
 * the system time of the same thread (a database's writes) does count.
 */
@State(Scope.Thread)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final List<Double> perIteration = new ArrayList<>();
    private boolean measuring;
    private long nanos;
    private long rows;
    private long start;

    @Setup(Level.Iteration)
    public void reset(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        nanos = 0;
        rows = 0;
    }

    /** Call before the measured work. */
    public void start() {
        start = THREADS.getCurrentThreadCpuTime();
    }

    /** Call after it, with the rows it handled. */
    public void stop(int handled) {
        nanos += THREADS.getCurrentThreadCpuTime() - start;
        rows += handled;
    }

    @TearDown(Level.Iteration)
    public void record() {
        if (measuring && rows > 0) {
            perIteration.add((double) nanos / rows);
        }
    }

    @TearDown(Level.Trial)
    public void report(BenchmarkParams benchmark) {
        double mean =
                perIteration.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double min =
                perIteration.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        System.out.printf(
                "%ncpu ns/row: mean %.1f min %.1f over %d iterations (%s %s)%n",
                mean,
                min,
                perIteration.size(),
                benchmark.getBenchmark(),
                benchmark.getParamsKeys().stream()
                        .map(key -> key + "=" + benchmark.getParam(key))
                        .toList());
    }
}
