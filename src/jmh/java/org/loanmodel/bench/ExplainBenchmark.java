package org.loanmodel.bench;

import java.util.concurrent.TimeUnit;
import org.loanmodel.explain.Explanation;
import org.loanmodel.explain.ForestExplainer;
import org.loanmodel.model.Attribution;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Exact explanations of one row on the shipped 100-tree model, over the same cycled applications
 * as {@link ForestBenchmark} (run both in one invocation to compare: {@code bench/jmh.sh
 * 'ForestBenchmark|ExplainBenchmark'}). Target: at most 2 µs per row with the precomputed table;
 * plain TreeSHAP, the table's reference, for comparison; and building the explainer from a loaded
 * model, which is what the precomputation costs at start.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExplainBenchmark {
    private LoanModel model;
    private ForestExplainer explainer;
    private ForestExplainer.Placement placement;
    private ForestExplainer[] copies;

    /**
     * Copies of the explainer that {@link #attributionPerRowFromColdTables} rotates through: 8
     * tables of 4.9 MB exceed the 32 MB last-level cache, so most of a row's cells come from
     * memory, as in a server whose other work keeps evicting the table. 1 is the warm case.
     */
    @Param({"8"})
    public int tables;

    private ForestExplainer plainTreeShap;
    private LoanApplication[] rows;
    private double[] contributions;
    private int next;

    @Setup
    public void load() {
        model = ModelArtifact.loadDefault();
        explainer = ForestExplainer.of(model);
        placement = explainer.placement();
        copies = new ForestExplainer[tables];
        for (int i = 0; i < tables; i++) {
            copies[i] = ForestExplainer.of(model);
        }
        plainTreeShap = ForestExplainer.of(model, 0);
        rows = Applicants.draw(1);
        contributions = new double[model.schema().size()];
    }

    /** The contributions into a reused array: the explanation itself, allocating nothing. */
    @Benchmark
    public double contributionsPerRow() {
        return explainer.explain(rows[next++ & (Applicants.COUNT - 1)], contributions);
    }

    /** The same as an {@link Explanation} object, as a caller keeping it would ask. */
    @Benchmark
    public Explanation explanationPerRow() {
        return explainer.explain(rows[next++ & (Applicants.COUNT - 1)]);
    }

    /**
     * The attribution of a denial already decided, as the server asks it: the contributions
     * without the raw output, so the table's leaves and their scores are not read.
     */
    @Benchmark
    public Attribution attributionPerRow() {
        return explainer.attribution(rows[next++ & (Applicants.COUNT - 1)]);
    }

    /** {@link #attributionPerRow}, each row from the next of {@link #tables} copies of the table. */
    @Benchmark
    public Attribution attributionPerRowFromColdTables() {
        int row = next++;
        return copies[row % tables].attribution(rows[row & (Applicants.COUNT - 1)]);
    }

    /** Deciding a row by walking every tree, as a model that cannot explain decides. */
    @Benchmark
    public double decideByWalk() {
        return model.probability(rows[next++ & (Applicants.COUNT - 1)]);
    }

    /** Deciding a row from its placement in the table: one cell's leaf per tree. */
    @Benchmark
    public double decideByPlacement() {
        return placement.of(rows[next++ & (Applicants.COUNT - 1)]).probability();
    }

    /** A denial as the server once took it: walk to decide, then place the row to explain it. */
    @Benchmark
    public Attribution decideByWalkThenExplain() {
        LoanApplication row = rows[next++ & (Applicants.COUNT - 1)];
        model.probability(row);
        return explainer.attribution(row);
    }

    /** A denial as the server takes it: one placement decides and explains. */
    @Benchmark
    public Attribution decideAndExplainByPlacement() {
        ForestExplainer.Placement placed = placement.of(rows[next++ & (Applicants.COUNT - 1)]);
        placed.probability();
        return placed.attribution();
    }

    /** Polynomial TreeSHAP on every tree, without the precomputed table. */
    @Benchmark
    public double plainTreeShapPerRow() {
        return plainTreeShap.explain(rows[next++ & (Applicants.COUNT - 1)], contributions);
    }

    /** Precomputing the table of the shipped model (hot; the first build in a process is slower). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ForestExplainer buildExplainer() {
        return ForestExplainer.of(model);
    }
}
