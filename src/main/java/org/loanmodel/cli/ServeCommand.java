package org.loanmodel.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.loanmodel.LoanModelServer;
import org.loanmodel.config.DurationParser;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.ledger.CommitMode;
import org.loanmodel.ledger.LedgerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve}: runs the API (port 5000) and the metrics endpoint (port 8001) until SIGTERM or
 * Ctrl-C, then stops accepting requests and flushes the prediction log before exiting.
 *
 * <p>Each option is read from its flag, else its environment variable, else its default.
 *
 * <p>Example: {@code java -jar target/loan-model-api.jar serve --prediction-log /data/predictions.db}
 */
@Command(
        name = "serve",
        description = "Serve the model: API on --port, Prometheus metrics on --metrics-port.",
        mixinStandardHelpOptions = true)
public final class ServeCommand implements Callable<Integer> {

    @Option(
            names = "--host",
            description = "address to bind (env HOST, default ${DEFAULT-VALUE})",
            defaultValue = "${env:HOST:-0.0.0.0}")
    String host;

    @Option(
            names = "--port",
            description = "API port (env PORT, default ${DEFAULT-VALUE})",
            defaultValue = "${env:PORT:-5000}")
    int port;

    @Option(
            names = "--metrics-port",
            description = "metrics port (env PROMETHEUS_METRICS_PORT, default ${DEFAULT-VALUE})",
            defaultValue = "${env:PROMETHEUS_METRICS_PORT:-8001}")
    int metricsPort;

    @Option(
            names = "--model",
            description = "model artifact to serve (env MODEL_PATH; default: the built-in model)",
            defaultValue = "${env:MODEL_PATH}")
    Path model;

    @Option(
            names = "--prediction-log",
            description =
                    "SQLite file or jdbc: URL of the prediction log (env PREDICTION_LOG, default ${DEFAULT-VALUE})",
            defaultValue = "${env:PREDICTION_LOG:-data/predictions.db}")
    String predictionLog;

    @Option(
            names = "--commit",
            description =
                    "when a prediction counts as logged: async (queued) or sync (committed to disk before answering) (env PREDICTION_LOG_COMMIT, default ${DEFAULT-VALUE})",
            defaultValue = "${env:PREDICTION_LOG_COMMIT:-async}")
    String commit;

    @Option(
            names = "--log-queue",
            description =
                    "predictions that may wait for the log writer before 503 (env PREDICTION_LOG_QUEUE, default ${DEFAULT-VALUE})",
            defaultValue = "${env:PREDICTION_LOG_QUEUE:-65536}")
    int queue;

    @Option(
            names = "--log-batch",
            description = "most writes per transaction (env PREDICTION_LOG_BATCH, default ${DEFAULT-VALUE})",
            defaultValue = "${env:PREDICTION_LOG_BATCH:-2048}")
    int batch;

    @Option(
            names = "--log-linger",
            description =
                    "how long the log writer waits for more predictions to join a transaction, e.g. 5ms (env PREDICTION_LOG_LINGER, default 5ms with async commit, 0ms with sync)",
            defaultValue = "${env:PREDICTION_LOG_LINGER}")
    String linger;

    @Option(
            names = "--retention-max-age",
            description =
                    "delete logged predictions older than this, e.g. 90d (env PREDICTION_LOG_MAX_AGE, default ${DEFAULT-VALUE})",
            defaultValue = "${env:PREDICTION_LOG_MAX_AGE:-90d}")
    String maxAge;

    @Option(
            names = "--retention-max-rows",
            description =
                    "keep at most this many logged predictions (env PREDICTION_LOG_MAX_ROWS, default ${DEFAULT-VALUE})",
            defaultValue = "${env:PREDICTION_LOG_MAX_ROWS:-50000000}")
    long maxRows;

    @Option(
            names = "--retention-interval",
            description = "how often retention runs (env PREDICTION_LOG_SWEEP_INTERVAL, default ${DEFAULT-VALUE})",
            defaultValue = "${env:PREDICTION_LOG_SWEEP_INTERVAL:-1m}")
    String sweepInterval;

    @Option(
            names = "--accuracy-window",
            description =
                    "feedbacks in the rolling model_accuracy window (env ACCURACY_WINDOW, default ${DEFAULT-VALUE})",
            defaultValue = "${env:ACCURACY_WINDOW:-100}")
    int accuracyWindow;

    @Option(
            names = "--drift-window",
            description = "predictions in the sliding PSI/KS window (env DRIFT_WINDOW, default ${DEFAULT-VALUE})",
            defaultValue = "${env:DRIFT_WINDOW:-5000}")
    int driftWindow;

    @Option(
            names = "--event-loops",
            description = "HTTP event-loop threads (env EVENT_LOOPS, default: number of processors)",
            defaultValue = "${env:EVENT_LOOPS:-0}")
    int eventLoops;

    /** The validated settings these options describe. */
    ServeSettings settings() {
        CommitMode mode =
                switch (commit.trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "async" -> CommitMode.ASYNC;
                    case "sync" -> CommitMode.SYNC;
                    default ->
                        throw new IllegalArgumentException("commit must be async or sync, got '" + commit
                                + "' (set --commit or PREDICTION_LOG_COMMIT)");
                };
        LedgerSettings ledger = new LedgerSettings(
                predictionLog,
                mode,
                queue,
                batch,
                linger == null
                        ? LedgerSettings.defaultLinger(mode)
                        : duration(linger, "--log-linger or PREDICTION_LOG_LINGER"),
                duration(maxAge, "--retention-max-age or PREDICTION_LOG_MAX_AGE"),
                maxRows,
                duration(sweepInterval, "--retention-interval or PREDICTION_LOG_SWEEP_INTERVAL"));
        int loops = eventLoops == 0 ? Runtime.getRuntime().availableProcessors() : eventLoops;
        return new ServeSettings(host, port, metricsPort, model, ledger, accuracyWindow, driftWindow, loops);
    }

    private static java.time.Duration duration(String text, String setting) {
        try {
            return DurationParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (set " + setting + ")");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        LoanModelServer server = LoanModelServer.start(settings(), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "shutdown"));
        stopped.await();
        return 0;
    }
}
