package org.loanmodel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.loanmodel.ledger.JdbcPredictionStore;
import org.loanmodel.ledger.LedgerSettings;
import org.loanmodel.ledger.PredictionRecord;
import org.loanmodel.ledger.StoreException;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.service.DecisionExplainers;
import org.loanmodel.service.PredictionIds;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The prediction log writer's cost per row on SQLite (async commit, as {@code serve} opens it):
 * one transaction of {@value #ROWS} decisions of the built-in model, a full writer batch, denials
 * with their reasons, new ids every time. The database file grows through the run, as a served
 * log does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PredictionLogBenchmark {
    static final int ROWS = 2048;

    private Path folder;
    private JdbcPredictionStore store;
    private LoanModel model;
    private LoanApplication[] rows;
    private double[] probabilities;
    private final List<DecisionExplainers.Denial> denials = new ArrayList<>();

    /**
     * What each denial carries to the log: {@code attribution} its reasons and every contribution
     * (as served), {@code none} nothing (as with {@code --reasons false}).
     */
    @Param({"attribution", "none"})
    public String explained;

    private PredictionIds ids;
    private int next;

    @Setup
    public void open() throws IOException {
        model = ModelArtifact.loadDefault();
        folder = Files.createTempDirectory("log-bench");
        store = JdbcPredictionStore.open(
                LedgerSettings.defaults(folder.resolve("p.db").toString()), model.schema());
        rows = Applicants.draw(4);
        probabilities = new double[rows.length];
        DecisionExplainers.Scorer scorer = new DecisionExplainers().scorer(model);
        for (int i = 0; i < rows.length; i++) {
            probabilities[i] = scorer.probability(rows[i]);
            denials.add(
                    explained.equals("none")
                            ? DecisionExplainers.Denial.NONE
                            : scorer.denial(model.approval(probabilities[i])));
        }
        ids = new PredictionIds();
    }

    @TearDown
    public void close() throws IOException {
        store.close();
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    /** Builds {@value #ROWS} new records (as the service hands them over) and inserts them in one call. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long insertBatch(CpuTime cpu) throws StoreException {
        cpu.start();
        List<PredictionRecord> records = new ArrayList<>(ROWS);
        long now = System.currentTimeMillis();
        for (int n = 0; n < ROWS; n++) {
            int i = next++ & (Applicants.COUNT - 1);
            double p = probabilities[i];
            DecisionExplainers.Denial denial = denials.get(i);
            records.add(new PredictionRecord(
                    new Decision(
                            ids.next(now),
                            now,
                            model.version(),
                            p,
                            model.approval(p),
                            denial.reasons(),
                            denial.attribution()),
                    rows[i]));
        }
        long inserted = store.insert(records);
        cpu.stop(ROWS);
        return inserted;
    }
}
