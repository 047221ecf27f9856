package org.loanmodel.bench;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.loanmodel.ledger.JdbcPredictionLog;
import org.loanmodel.ledger.LedgerSettings;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.monitoring.DriftMonitor;
import org.loanmodel.monitoring.InputQualityMetrics;
import org.loanmodel.monitoring.PredictionMetrics;
import org.loanmodel.monitoring.QualityMonitor;
import org.loanmodel.monitoring.SegmentMetrics;
import org.loanmodel.monitoring.ServingMetrics;
import org.loanmodel.segments.MonitoringAttributes;
import org.loanmodel.segments.Segments;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The monitoring cost of serving: recording one answered prediction (every metric, the drift bins,
 * the shipped segments and the input checks) and rendering {@code /metrics} in the Prometheus text format over a registry wired as
 * {@code serve} wires it, after 10 000 recorded predictions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
public class MetricsBenchmark {
    private ServingMetrics metrics;
    private PredictionMetrics predictions;
    private DriftMonitor drift;
    private SegmentMetrics segments;
    private InputQualityMetrics inputs;
    private final MonitoringAttributes attributes = new MonitoringAttributes(java.util.Map.of("applicant_group", "b"));
    private PredictionLog log;
    private Path folder;
    private LoanApplication[] rows;
    private Decision[] decisions;
    private int next;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);

    @Setup
    public void wire() throws IOException {
        LoanModel model = ModelArtifact.loadDefault();
        metrics = new ServingMetrics(new PrometheusRegistry(), model, Segments.builtIn(model.schema()));
        predictions = metrics.predictions();
        segments = metrics.segments();
        inputs = metrics.inputs();
        drift = new DriftMonitor(model.metadata().reference(), 5000, metrics.drift());
        metrics.feedback().watch(new QualityMonitor(100));
        metrics.drift().watch(drift);
        folder = Files.createTempDirectory("metrics-bench");
        log = JdbcPredictionLog.open(
                LedgerSettings.defaults(folder.resolve("p.db").toString()),
                model.schema(),
                metrics.log(),
                Clock.systemUTC());
        metrics.log().watch(log);
        rows = Applicants.draw(3);
        decisions = new Decision[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double p = model.probability(rows[i]);
            decisions[i] = new Decision("bench-" + i, 0, model.version(), p, model.approval(p));
        }
        for (int i = 0; i < 10_000; i++) {
            recordPrediction();
        }
    }

    @TearDown
    public void close() throws IOException {
        log.close();
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    /**
     * What the service records per answered prediction: PredictionMetrics, the drift monitor, the
     * segment groups and the input checks.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void recordPrediction() {
        int i = next++ & (Applicants.COUNT - 1);
        predictions.recordDecision(rows[i], decisions[i], 0.0003);
        drift.observe(rows[i], decisions[i].probability());
        segments.recordDecision(rows[i], attributes, decisions[i]);
        inputs.record(rows[i]);
    }

    /** One scrape: collect the registry (callbacks included) and write the text format. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int scrapeText() throws IOException {
        out.reset();
        writer.write(out, metrics.registry().scrape());
        return out.size();
    }
}
