package org.loanmodel.api;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.loanmodel.bench.CpuTime;
import org.loanmodel.bench.DiscardingStore;
import org.loanmodel.ledger.BatchingWriter;
import org.loanmodel.ledger.CommitMode;
import org.loanmodel.ledger.LedgerSettings;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.model.Decision;
import org.loanmodel.model.FlatForest;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.monitoring.DriftMonitor;
import org.loanmodel.monitoring.QualityMonitor;
import org.loanmodel.monitoring.ServingMetrics;
import org.loanmodel.registry.ServingModels;
import org.loanmodel.segments.Segments;
import org.loanmodel.service.PredictionIds;
import org.loanmodel.service.PredictionService;
import org.loanmodel.training.LoanDataGenerator;
import org.loanmodel.training.Trainer;
import org.loanmodel.training.TrainerSettings;
import org.loanmodel.training.TrainingProgress;
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
 * One Open Inference Protocol batch of {@value #ROWS} rows of the built-in model, as {@code POST
 * /v2/models/loan-model/infer} handles it, in ns per row: {@link #decodeBody} is the JSON decode of
 * the tensor body; {@link #validateDecideMonitor} is everything after it (every row validated,
 * scored by the champion and any challengers, explained when denied, appended to the prediction log
 * and recorded in every metric a row records), on a service wired as {@code serve} wires it.
 *
 * <p>The prediction log is the real {@link BatchingWriter} (queueing, admission, acknowledgement)
 * in front of a store that discards rows, so the store's own cost, on the writer's thread, stays
 * out; {@code bench/batch.sh} measures it end to end. It lives in the api package to call the
 * package-private reader and batch exactly as the resource does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InferBatchBenchmark {
    static final int ROWS = 256;
    /** Distinct batches cycled through, so drift bins, branches and caches see varied rows. */
    private static final int BATCHES = 4;

    /** Challengers scoring in the champion's shadow: 0 or 1 (a second 100-tree forest). */
    @Param({"0", "1"})
    public int challengers;

    /**
     * Whether denials are explained: {@code true} is the built-in model as served; {@code false}
     * the same trees without node covers, a model that cannot explain, which leaves validation,
     * inference and monitoring alone (the explanations' own cost is {@code ExplainBenchmark}'s).
     */
    @Param({"true", "false"})
    public boolean reasons;

    private PredictionService service;
    private PredictionLog log;
    private InferenceRequestReader reader;
    private LoanModel model;
    private final byte[][] bodies = new byte[BATCHES][];
    private final InferenceTensor[] tensors = new InferenceTensor[BATCHES];
    private int next;

    @Setup
    public void wire() throws org.loanmodel.ledger.StoreException {
        model = reasons ? ModelArtifact.loadDefault() : withoutCovers(ModelArtifact.loadDefault());
        List<LoanModel> shadows = challengers == 0 ? List.of() : List.of(challenger());
        ServingModels serving = new ServingModels(model, shadows);
        ServingMetrics metrics = new ServingMetrics(new PrometheusRegistry(), model, Segments.builtIn(model.schema()));
        DriftMonitor drift = new DriftMonitor(model.metadata().reference(), 5000, metrics.drift());
        metrics.feedback().watch(new QualityMonitor(100));
        metrics.drift().watch(drift);
        log = BatchingWriter.start(new DiscardingStore(), keepingUp(), metrics.log(), Clock.systemUTC());
        metrics.log().watch(log);
        Clock clock = Clock.systemUTC();
        service = new PredictionService(
                () -> serving,
                metrics.challengers(),
                log,
                new PredictionService.Monitors(metrics.predictions(), drift, metrics.segments(), metrics.inputs()),
                new PredictionIds(),
                clock);
        reader = new InferenceRequestReader(
                InferenceProtocolResource.MAX_ROWS * model.schema().size());
        LoanDataGenerator generator = new LoanDataGenerator(5, 0);
        for (int b = 0; b < BATCHES; b++) {
            double[] data = new double[ROWS * model.schema().size()];
            StringBuilder body =
                    new StringBuilder("{\"id\":\"bench\",\"inputs\":[{\"name\":\"applications\",\"shape\":[" + ROWS
                            + "," + model.schema().size() + "],\"datatype\":\"FP64\",\"data\":[");
            for (int row = 0; row < ROWS; row++) {
                LoanApplication application = generator.nextApplication();
                for (int f = 0; f < application.size(); f++) {
                    double value = application.value(f);
                    data[row * application.size() + f] = value;
                    body.append(row + f == 0 ? "" : ",").append((long) value);
                }
            }
            bodies[b] = body.append("]}]}").toString().getBytes(StandardCharsets.UTF_8);
            tensors[b] = new InferenceTensor(
                    "applications", "FP64", new long[] {ROWS, model.schema().size()}, data);
        }
    }

    /**
     * The default linger, with a transaction and a queue large enough that the writer, which
     * discards, is never a transaction behind: a batch then never waits for its commit, and the
     * benchmark thread does all of the callers' work itself, as an event loop would.
     */
    private static LedgerSettings keepingUp() {
        return new LedgerSettings(
                "discarded",
                CommitMode.ASYNC,
                1 << 20,
                1 << 16,
                LedgerSettings.defaultLinger(CommitMode.ASYNC),
                Duration.ofDays(90),
                50_000_000,
                Duration.ofMinutes(1));
    }

    private static LoanModel withoutCovers(LoanModel model) {
        FlatForest forest = model.forest();
        return new LoanModel(
                model.metadata(),
                new FlatForest(
                        forest.features(),
                        forest.roots(),
                        forest.splitFeature(),
                        forest.splitValue(),
                        forest.greater(),
                        forest.lessOrEqual(),
                        forest.leafScores(),
                        forest.approvalSlot()));
    }

    private static LoanModel challenger() {
        TrainerSettings settings = TrainerSettings.builder().seed(43).build();
        return new Trainer(Clock.systemUTC())
                .train(settings, TrainingProgress.SILENT)
                .model();
    }

    @TearDown
    public void close() {
        log.close();
    }

    /** JSON decode of one 256-row [N, 7] FP64 tensor body (about 9 KB), per row. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public InferenceRequestReader.Request decodeBody(CpuTime cpu) {
        cpu.start();
        InferenceRequestReader.Request request = reader.read(bodies[next++ & (BATCHES - 1)]);
        cpu.stop(ROWS);
        return request;
    }

    /** Validation, inference, explanations, logging and monitoring of the batch, per row. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public List<Decision> validateDecideMonitor(CpuTime cpu) {
        cpu.start();
        List<InferenceTensor> inputs = List.of(tensors[next++ & (BATCHES - 1)]);
        List<LoanApplication> applications =
                InferenceBatch.applications(model.schema(), inputs, InferenceProtocolResource.MAX_ROWS);
        List<Decision> decisions =
                service.decideAll(applications, System.nanoTime()).join();
        cpu.stop(ROWS);
        return decisions;
    }
}
