package org.loanmodel.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.loanmodel.LoanModelServer;
import org.loanmodel.config.DurationParser;
import org.loanmodel.config.Environment;
import org.loanmodel.config.HttpLimits;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.config.WarmUpSettings;
import org.loanmodel.ledger.CommitMode;
import org.loanmodel.ledger.LedgerSettings;
import org.loanmodel.model.Numbers;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: runs the API (port 5000) and the metrics endpoint (port 8001) until SIGTERM or
 * Ctrl-C, then stops accepting requests and flushes the prediction log before exiting.
 *
 * <p>Each setting is read from its flag, else its environment variable, else its default; the
 * defaults are those of {@link ServeSettings.Builder} and {@link LedgerSettings#defaults}.
 *
 * <p>Example: {@code java -jar target/loan-model-api.jar serve --prediction-log /data/predictions.db}
 */
@Command(
        name = "serve",
        description = "Serve the model: API on --port, Prometheus metrics on --metrics-port.",
        mixinStandardHelpOptions = true,
        defaultValueProvider = ServeCommand.Defaults.class)
public final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    private final Environment environment;

    @Option(names = "--host", description = "address to bind (env HOST, default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", description = "API port (env PORT, default ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--metrics-port",
            description = "metrics port (env PROMETHEUS_METRICS_PORT, default ${DEFAULT-VALUE})")
    int metricsPort;

    @Option(names = "--model", description = "model artifact to serve (env MODEL_PATH; default: the built-in model)")
    Path model;

    @Option(
            names = "--segments",
            description =
                    "JSON file of the segments to monitor: bands of features and monitoring attributes (env SEGMENTS_FILE; default: the built-in model's age bands and applicant_group, none for another model)")
    Path segments;

    @Option(
            names = "--prediction-log",
            description =
                    "SQLite file or jdbc: URL of the prediction log (env PREDICTION_LOG, default ${DEFAULT-VALUE})")
    String predictionLog;

    @Option(
            names = "--commit",
            description =
                    "when a prediction counts as logged: async (queued) or sync (committed to disk before answering) (env PREDICTION_LOG_COMMIT, default ${DEFAULT-VALUE})")
    String commit;

    @Option(
            names = "--log-queue",
            description =
                    "predictions that may wait for the log writer before 503 (env PREDICTION_LOG_QUEUE, default ${DEFAULT-VALUE})")
    int queue;

    @Option(
            names = "--log-batch",
            description = "most writes per transaction (env PREDICTION_LOG_BATCH, default ${DEFAULT-VALUE})")
    int batch;

    @Option(
            names = "--log-linger",
            description =
                    "how long the log writer waits for more predictions to join a transaction, e.g. 5ms (env PREDICTION_LOG_LINGER, default ${DEFAULT-VALUE} with async commit, none with sync)")
    String linger;

    @Option(
            names = "--log-shutdown-grace",
            description =
                    "at shutdown, how long to keep retrying a prediction log that cannot write before reporting what was not stored (env PREDICTION_LOG_SHUTDOWN_GRACE, default ${DEFAULT-VALUE})")
    String shutdownGrace;

    @Option(
            names = "--retention-max-age",
            description =
                    "delete logged predictions older than this, e.g. 90d (env PREDICTION_LOG_MAX_AGE, default ${DEFAULT-VALUE})")
    String maxAge;

    @Option(
            names = "--retention-max-rows",
            description =
                    "keep at most this many logged predictions (env PREDICTION_LOG_MAX_ROWS, default ${DEFAULT-VALUE})")
    long maxRows;

    @Option(
            names = "--retention-interval",
            description = "how often retention runs (env PREDICTION_LOG_SWEEP_INTERVAL, default ${DEFAULT-VALUE})")
    String sweepInterval;

    @Option(
            names = "--accuracy-window",
            description =
                    "feedbacks in the rolling model_accuracy window (env ACCURACY_WINDOW, default ${DEFAULT-VALUE})")
    int accuracyWindow;

    @Option(
            names = "--drift-window",
            description = "predictions in the sliding PSI/KS window (env DRIFT_WINDOW, default ${DEFAULT-VALUE})")
    int driftWindow;

    @Option(
            names = "--event-loops",
            description = "HTTP event-loop threads, at least 1 (env EVENT_LOOPS, default: number of processors)")
    Integer eventLoops;

    @Option(
            names = "--feedback-token",
            description =
                    "bearer token accepted by /feedback and the administrative endpoints; repeat for rotation (env FEEDBACK_TOKENS, comma-separated; prefer it: flags show in ps). Default none: open, as the original system")
    java.util.List<String> feedbackTokens;

    @Option(
            names = "--challenger",
            description =
                    "model artifact scored beside the champion on every request, logged and joined to outcomes; repeatable (env CHALLENGERS, comma-separated). Used at the first start of the model directory")
    java.util.List<Path> challengers;

    @Option(
            names = "--model-dir",
            description =
                    "folder keeping the known models and their roles across restarts (env MODEL_DIR, default ${DEFAULT-VALUE})")
    Path modelDir;

    @Option(
            names = "--reasons",
            description =
                    "answer every denial's adverse-action reasons and keep its contributions: true or false (env ADVERSE_ACTION_REASONS, default ${DEFAULT-VALUE})")
    String reasons;

    @Option(
            names = "--reasons-min-share",
            description =
                    "a feature is a reason beside the most adverse one only when its contribution is at least this share of that one's: 0 to 1 (env ADVERSE_ACTION_REASONS_MIN_SHARE, default ${DEFAULT-VALUE})")
    String reasonsMinShare;

    @Option(
            names = "--unverified-feedback",
            description =
                    "take feedback for unknown ids on the client's word when it carries predicted_outcome, the original system's form: true or false (env UNVERIFIED_FEEDBACK, default ${DEFAULT-VALUE})")
    String unverifiedFeedback;

    @Option(
            names = "--idle-timeout",
            description =
                    "close a connection silent this long; a kept-alive one must start its next request within it (env IDLE_TIMEOUT, default ${DEFAULT-VALUE})")
    String idleTimeout;

    @Option(
            names = "--head-timeout",
            description =
                    "a new connection must send its first request head within this (env REQUEST_HEAD_TIMEOUT, default ${DEFAULT-VALUE})")
    String headTimeout;

    @Option(
            names = "--body-timeout",
            description =
                    "a request body must arrive within this after its head (env REQUEST_BODY_TIMEOUT, default ${DEFAULT-VALUE})")
    String bodyTimeout;

    @Option(
            names = "--max-connections",
            description =
                    "open connections above which new ones are refused with 503 (env MAX_CONNECTIONS, default ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(
            names = "--warm-up",
            description =
                    "before /ready answers 200, rehearse the request path with at most this many requests on a throwaway copy of the service, so that the JIT has compiled it: on, off or a number (env WARM_UP, default ${DEFAULT-VALUE}); it ends earlier once the compiler has settled, and is never logged or counted")
    String warmUp;

    @Option(
            names = "--warm-up-limit",
            description = "longest warm-up, e.g. 30s (env WARM_UP_LIMIT, default ${DEFAULT-VALUE})")
    String warmUpLimit;

    /** @param environment where settings not given as flags are looked up */
    public ServeCommand(Environment environment) {
        this.environment = environment;
    }

    /** The validated settings these options and the environment describe. */
    ServeSettings settings() {
        Environment env = environment;
        CommitMode mode = commitMode(pick("--commit", commit, () -> env.text("PREDICTION_LOG_COMMIT")));
        Duration lingerDefault = LedgerSettings.defaultLinger(mode);
        LedgerSettings ledger = new LedgerSettings(
                pick("--prediction-log", predictionLog, () -> env.text("PREDICTION_LOG")),
                mode,
                pick("--log-queue", queue, () -> env.integer("PREDICTION_LOG_QUEUE")),
                pick("--log-batch", batch, () -> env.integer("PREDICTION_LOG_BATCH")),
                given("--log-linger")
                        ? duration(linger, "--log-linger or PREDICTION_LOG_LINGER")
                        : env.duration("PREDICTION_LOG_LINGER").orElse(lingerDefault),
                pick(
                        "--retention-max-age",
                        duration(maxAge, "--retention-max-age or PREDICTION_LOG_MAX_AGE"),
                        () -> env.duration("PREDICTION_LOG_MAX_AGE")),
                pick("--retention-max-rows", maxRows, () -> env.longInteger("PREDICTION_LOG_MAX_ROWS")),
                pick(
                        "--retention-interval",
                        duration(sweepInterval, "--retention-interval or PREDICTION_LOG_SWEEP_INTERVAL"),
                        () -> env.duration("PREDICTION_LOG_SWEEP_INTERVAL")),
                pick(
                        "--log-shutdown-grace",
                        duration(shutdownGrace, "--log-shutdown-grace or PREDICTION_LOG_SHUTDOWN_GRACE"),
                        () -> env.duration("PREDICTION_LOG_SHUTDOWN_GRACE")));
        ServeSettings.Builder settings = ServeSettings.builder()
                .host(pick("--host", host, () -> env.text("HOST")))
                .port(pick("--port", port, () -> env.port("PORT")))
                .metricsPort(pick("--metrics-port", metricsPort, () -> env.port("PROMETHEUS_METRICS_PORT")))
                .modelPath(pick("--model", model, () -> env.path("MODEL_PATH")))
                .segmentsPath(pick("--segments", segments, () -> env.path("SEGMENTS_FILE")))
                .ledger(ledger)
                .accuracyWindow(pick("--accuracy-window", accuracyWindow, () -> env.integer("ACCURACY_WINDOW")))
                .driftWindow(pick("--drift-window", driftWindow, () -> env.integer("DRIFT_WINDOW")));
        settings.httpLimits(new HttpLimits(
                pick(
                        "--idle-timeout",
                        duration(idleTimeout, "--idle-timeout or IDLE_TIMEOUT"),
                        () -> env.duration("IDLE_TIMEOUT")),
                pick(
                        "--head-timeout",
                        duration(headTimeout, "--head-timeout or REQUEST_HEAD_TIMEOUT"),
                        () -> env.duration("REQUEST_HEAD_TIMEOUT")),
                pick(
                        "--body-timeout",
                        duration(bodyTimeout, "--body-timeout or REQUEST_BODY_TIMEOUT"),
                        () -> env.duration("REQUEST_BODY_TIMEOUT")),
                pick("--max-connections", maxConnections, () -> env.integer("MAX_CONNECTIONS"))));
        settings.feedbackTokens(
                given("--feedback-token")
                        ? feedbackTokens
                        : env.text("FEEDBACK_TOKENS")
                                .map(ServeCommand::commaList)
                                .orElse(java.util.List.of()));
        settings.challengerPaths(
                given("--challenger")
                        ? challengers
                        : env.text("CHALLENGERS")
                                .map(text ->
                                        commaList(text).stream().map(Path::of).toList())
                                .orElse(java.util.List.of()));
        settings.modelDir(pick("--model-dir", modelDir, () -> env.path("MODEL_DIR")));
        settings.unverifiedFeedback(flag(
                pick("--unverified-feedback", unverifiedFeedback, () -> env.text("UNVERIFIED_FEEDBACK")),
                "unverified feedback",
                "--unverified-feedback or UNVERIFIED_FEEDBACK"));
        settings.reasons(flag(
                pick("--reasons", reasons, () -> env.text("ADVERSE_ACTION_REASONS")),
                "adverse-action reasons",
                "--reasons or ADVERSE_ACTION_REASONS"));
        settings.reasonsMinShare(share(
                pick("--reasons-min-share", reasonsMinShare, () -> env.text("ADVERSE_ACTION_REASONS_MIN_SHARE"))));
        settings.warmUp(new WarmUpSettings(
                WarmUpSettings.parseRequests(pick("--warm-up", warmUp, () -> env.text("WARM_UP"))),
                pick(
                        "--warm-up-limit",
                        duration(warmUpLimit, "--warm-up-limit or WARM_UP_LIMIT"),
                        () -> env.duration("WARM_UP_LIMIT"))));
        Integer loops = pick("--event-loops", eventLoops, () -> env.integer("EVENT_LOOPS"));
        if (loops != null) {
            settings.eventLoops(loops);
        }
        return settings.build();
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * The flag's value when it was given, else the variable's when set, else the flag's default. The
     * variable is only read when the flag is not given: a flag overrides even a malformed variable.
     */
    private <T> T pick(String option, T flag, Supplier<Optional<T>> variable) {
        return given(option) ? flag : variable.get().orElse(flag);
    }

    private static CommitMode commitMode(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "async" -> CommitMode.ASYNC;
            case "sync" -> CommitMode.SYNC;
            default ->
                throw new IllegalArgumentException(
                        "commit must be async or sync, got '" + text + "' (set --commit or PREDICTION_LOG_COMMIT)");
        };
    }

    /** Comma-separated tokens; blanks around them are not part of them. */
    private static java.util.List<String> commaList(String text) {
        return java.util.Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(token -> !token.isEmpty())
                .toList();
    }

    private static boolean flag(String text, String name, String setting) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default ->
                throw new IllegalArgumentException(
                        name + " must be true or false, got '" + text + "' (set " + setting + ")");
        };
    }

    /** A number from 0 to 1; the range itself is checked with the other settings. */
    private static double share(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ServeSettings.reasonsMinShareRefused("'" + text + "'"));
        }
    }

    private static Duration duration(String text, String setting) {
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

    /** Each option's default, read from the settings' own defaults so they are written down once. */
    public static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec argument) {
            if (!(argument instanceof OptionSpec option)) {
                return null;
            }
            ServeSettings serve = ServeSettings.builder().build();
            LedgerSettings log = serve.ledger();
            return switch (option.longestName()) {
                case "--host" -> serve.host();
                case "--port" -> Integer.toString(serve.port());
                case "--metrics-port" -> Integer.toString(serve.metricsPort());
                case "--prediction-log" -> log.location();
                case "--commit" -> log.commitMode().name().toLowerCase(Locale.ROOT);
                case "--log-queue" -> Integer.toString(log.queueCapacity());
                case "--log-batch" -> Integer.toString(log.batchSize());
                case "--log-linger" -> DurationParser.format(LedgerSettings.defaultLinger(CommitMode.ASYNC));
                case "--retention-max-age" -> DurationParser.format(log.maxAge());
                case "--retention-max-rows" -> Long.toString(log.maxRows());
                case "--retention-interval" -> DurationParser.format(log.sweepInterval());
                case "--log-shutdown-grace" -> DurationParser.format(log.shutdownGrace());
                case "--accuracy-window" -> Integer.toString(serve.accuracyWindow());
                case "--drift-window" -> Integer.toString(serve.driftWindow());
                case "--unverified-feedback" -> Boolean.toString(serve.unverifiedFeedback());
                case "--reasons" -> Boolean.toString(serve.reasons());
                case "--reasons-min-share" -> Numbers.format(serve.reasonsMinShare());
                case "--model-dir" -> serve.modelDir().toString();
                case "--idle-timeout" ->
                    DurationParser.format(serve.httpLimits().idleTimeout());
                case "--head-timeout" ->
                    DurationParser.format(serve.httpLimits().headTimeout());
                case "--body-timeout" ->
                    DurationParser.format(serve.httpLimits().bodyTimeout());
                case "--max-connections" -> Integer.toString(serve.httpLimits().maxConnections());
                case "--warm-up" -> Integer.toString(serve.warmUp().requests());
                case "--warm-up-limit" -> DurationParser.format(serve.warmUp().limit());
                default -> null;
            };
        }
    }
}
