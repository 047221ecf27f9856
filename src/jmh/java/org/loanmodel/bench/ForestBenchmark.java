package org.loanmodel.bench;

import java.util.concurrent.TimeUnit;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Forest inference for one row: the shipped 100-tree model over applications from the training
 * distribution, cycled so branch prediction cannot learn a single path. Target: at most 2 µs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForestBenchmark {
    private LoanModel model;
    private LoanApplication[] rows;
    private int next;

    @Setup
    public void load() {
        model = ModelArtifact.loadDefault();
        rows = Applicants.draw(1);
    }

    @Benchmark
    public double probabilityPerRow() {
        return model.probability(rows[next++ & (Applicants.COUNT - 1)]);
    }
}
