package org.loanmodel.bench;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.loanmodel.explain.ForestExplainer;
import org.loanmodel.importing.XgboostImporter;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * An imported XGBoost model, the repository's example ({@code examples/xgboost}: 100 trees of
 * depth 4 over the seven loan features), scored and explained per row over the same applications
 * as {@link ForestBenchmark}: what such a model costs as champion or as a challenger.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BoostedBenchmark {
    private LoanModel model;
    private ForestExplainer explainer;
    private LoanApplication[] rows;
    private double[] contributions;
    private int next;

    @Setup
    public void load() throws URISyntaxException {
        // target/jmh-classes -> the project folder.
        Path project = Path.of(BoostedBenchmark.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .getParent()
                .getParent();
        Path example = project.resolve("examples/xgboost");
        model = new XgboostImporter(Clock.systemUTC())
                .run(new XgboostImporter.Request(
                        example.resolve("model.json"),
                        example.resolve("reference.csv"),
                        "approved",
                        example.resolve("schema.json"),
                        0.5))
                .model();
        explainer = ForestExplainer.of(model);
        System.out.printf(
                "%nimported model: %d of %d trees precomputed, %d cells, %.1f MB%n",
                explainer.precomputedTrees(), explainer.trees(), explainer.cells(), explainer.tableBytes() / 1e6);
        rows = Applicants.draw(1);
        contributions = new double[model.schema().size()];
    }

    /** XGBoost's probability in its own float arithmetic, from the flat form. */
    @Benchmark
    public double probabilityPerRow() {
        return model.probability(rows[next++ & (Applicants.COUNT - 1)]);
    }

    /** Exact contributions to the log-odds margin into a reused array. */
    @Benchmark
    public double contributionsPerRow() {
        return explainer.explain(rows[next++ & (Applicants.COUNT - 1)], contributions);
    }
}
