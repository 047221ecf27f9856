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
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.monitoring.DriftMonitor;
import org.loanmodel.monitoring.QualityMonitor;
import org.loanmodel.monitoring.ServingMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The monitoring cost of serving: recording one answered prediction (every metric plus the drift
 * bins) and rendering {@code /metrics} in the Prometheus text format over a registry wired as
 * {@code serve} wires it, after 10 000 recorded predictions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
public class MetricsBenchmark {
    private ServingMetrics metrics;
    private DriftMonitor drift;
    private PredictionLog log;
    private Path folder;
    private LoanApplication[] rows;
    private double[] probabilities;
    private int next;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);

    @Setup
    public void wire() throws IOException {
        LoanModel model = ModelArtifact.loadDefault();
        metrics = new ServingMetrics(new PrometheusRegistry(), model);
        QualityMonitor quality = new QualityMonitor(100);
        drift = new DriftMonitor(model.metadata().reference(), 5000, metrics);
        metrics.watchQuality(quality);
        metrics.watchDrift(drift);
        folder = Files.createTempDirectory("metrics-bench");
        log = JdbcPredictionLog.open(
                LedgerSettings.defaults(folder.resolve("p.db").toString()), model.schema(), metrics, Clock.systemUTC());
        metrics.watchLog(log);
        rows = Applicants.draw(3);
        probabilities = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            probabilities[i] = model.probability(rows[i]);
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

    /** What the service records per answered prediction: ServingMetrics and the drift monitor. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void recordPrediction() {
        int i = next++ & (Applicants.COUNT - 1);
        double p = probabilities[i];
        metrics.recordPrediction(rows[i], p, p >= 0.5 ? 1 : 0, 0.0003);
        drift.observe(rows[i], p);
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
