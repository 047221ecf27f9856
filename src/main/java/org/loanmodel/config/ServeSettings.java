package org.loanmodel.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.loanmodel.ledger.LedgerSettings;
import org.loanmodel.model.Numbers;

/**
 * Validated settings of {@code serve}. Each comes from a flag, else an environment variable, else the
 * default its {@link Builder} method states; an invalid value names the flag and the variable to fix.
 *
 * <p>Example: {@code ServeSettings.builder().port(0).metricsPort(0).modelPath(Path.of("m.json")).build()}.
 */
public final class ServeSettings {
    /** Bind address when none is given: every interface. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** API port when none is given, the original system's. */
    public static final int DEFAULT_PORT = 5000;
    /** Metrics port when none is given, the original system's. */
    public static final int DEFAULT_METRICS_PORT = 8001;
    /** Prediction log when none is given: a SQLite file under the working directory. */
    public static final String DEFAULT_PREDICTION_LOG = "data/predictions.db";
    /** Model directory when none is given: beside the prediction log. */
    public static final String DEFAULT_MODEL_DIR = "data/models";
    /** Feedbacks in the rolling accuracy window when none is given, the original system's. */
    public static final int DEFAULT_ACCURACY_WINDOW = 100;
    /** Decisions in the sliding drift window when none is given. */
    public static final int DEFAULT_DRIFT_WINDOW = 5000;
    /** The rule every port setting follows, in the words of error messages. */
    public static final String PORT_RULE = "a port number 0-65535";

    private final String host;
    private final int port;
    private final int metricsPort;
    private final Path modelPath;
    private final Path segmentsPath;
    private final LedgerSettings ledger;
    private final int accuracyWindow;
    private final int driftWindow;
    private final int eventLoops;
    private final HttpLimits httpLimits;
    private final List<String> feedbackTokens;
    private final boolean unverifiedFeedback;
    private final boolean reasons;
    private final double reasonsMinShare;
    private final List<Path> challengerPaths;
    private final Path modelDir;
    private final WarmUpSettings warmUp;

    private ServeSettings(Builder builder) {
        this.host = Objects.requireNonNull(builder.host, "host");
        this.port = builder.port;
        this.metricsPort = builder.metricsPort;
        this.modelPath = builder.modelPath;
        this.segmentsPath = builder.segmentsPath;
        this.ledger = Objects.requireNonNull(builder.ledger, "ledger");
        this.accuracyWindow = builder.accuracyWindow;
        this.driftWindow = builder.driftWindow;
        this.eventLoops = builder.eventLoops;
        this.httpLimits = Objects.requireNonNull(builder.httpLimits, "httpLimits");
        this.feedbackTokens = List.copyOf(builder.feedbackTokens);
        this.unverifiedFeedback = builder.unverifiedFeedback;
        this.reasons = builder.reasons;
        this.reasonsMinShare = builder.reasonsMinShare;
        this.challengerPaths = List.copyOf(builder.challengerPaths);
        this.modelDir = Objects.requireNonNull(builder.modelDir, "modelDir");
        this.warmUp = Objects.requireNonNull(builder.warmUp, "warmUp");
        for (String token : feedbackTokens) {
            require(
                    token.length() >= 16 && token.chars().allMatch(c -> c > 0x20 && c < 0x7f),
                    "a feedback token must be at least 16 printable characters without spaces"
                            + " (set --feedback-token or FEEDBACK_TOKENS)");
        }
        require(isValidHost(host), "host '" + host + "' is not a valid address (set --host or HOST)");
        checkPort(port, "port", "--port or PORT");
        checkPort(metricsPort, "metrics port", "--metrics-port or PROMETHEUS_METRICS_PORT");
        if (port == metricsPort && port != 0) {
            throw new IllegalArgumentException("port and metrics port must differ, both are " + port
                    + " (set --port/PORT or --metrics-port/PROMETHEUS_METRICS_PORT)");
        }
        require(
                accuracyWindow >= 1,
                "accuracy window must be at least 1, got " + accuracyWindow
                        + " (set --accuracy-window or ACCURACY_WINDOW)");
        require(
                driftWindow >= 1,
                "drift window must be at least 1, got " + driftWindow + " (set --drift-window or DRIFT_WINDOW)");
        require(reasonsMinShare >= 0 && reasonsMinShare <= 1, reasonsMinShareRefused(Numbers.format(reasonsMinShare)));
        require(
                eventLoops >= 1,
                "event loops must be at least 1, got " + eventLoops + " (set --event-loops or EVENT_LOOPS)");
    }

    /** Why a minimum share of adverse-action reasons given as {@code given} is refused. */
    public static String reasonsMinShareRefused(String given) {
        return "adverse-action reasons' minimum share must be a number from 0 to 1, got " + given
                + " (set --reasons-min-share or ADVERSE_ACTION_REASONS_MIN_SHARE)";
    }

    /** Whether {@code value} is {@value #PORT_RULE}; 0 asks the operating system for a free port. */
    public static boolean isPort(long value) {
        return value >= 0 && value <= 65535;
    }

    private static void checkPort(int value, String name, String where) {
        require(isPort(value), name + " must be " + PORT_RULE + ", got " + value + " (set " + where + ")");
    }

    /**
     * Whether the host can be bound: a dotted IPv4 address with four parts of 0-255, an IPv6 literal,
     * or a name that resolves. Dotted numbers are checked here because the JDK would otherwise send
     * {@code 999.1.1.1} to DNS as a name.
     */
    private static boolean isValidHost(String host) {
        if (host.isBlank()) {
            return false;
        }
        if (host.matches("[0-9.]+")) {
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) {
                return false;
            }
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A builder holding every default, to change only what differs. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder()
                .host(host)
                .port(port)
                .metricsPort(metricsPort)
                .modelPath(modelPath)
                .segmentsPath(segmentsPath)
                .ledger(ledger)
                .accuracyWindow(accuracyWindow)
                .driftWindow(driftWindow)
                .eventLoops(eventLoops)
                .httpLimits(httpLimits)
                .feedbackTokens(feedbackTokens)
                .unverifiedFeedback(unverifiedFeedback)
                .reasons(reasons)
                .reasonsMinShare(reasonsMinShare)
                .challengerPaths(challengerPaths)
                .modelDir(modelDir)
                .warmUp(warmUp);
    }

    /**
     * Settings for tests and embedding: loopback, both ports chosen by the OS, one event loop, the given
     * log, no warm-up.
     */
    public static ServeSettings ephemeral(String logLocation) {
        Path log = Path.of(logLocation);
        Path folder = log.toAbsolutePath().getParent();
        return builder()
                .host("127.0.0.1")
                .port(0)
                .metricsPort(0)
                .ledger(LedgerSettings.defaults(logLocation))
                .modelDir(folder == null ? Path.of("models") : folder.resolve(log.getFileName() + ".models"))
                .eventLoops(1)
                .warmUp(WarmUpSettings.OFF)
                .build();
    }

    public ServeSettings withLedger(LedgerSettings newLedger) {
        return toBuilder().ledger(newLedger).build();
    }

    public ServeSettings withModel(Path model) {
        return toBuilder().modelPath(model).build();
    }

    public ServeSettings withWindows(int accuracy, int drift) {
        return toBuilder().accuracyWindow(accuracy).driftWindow(drift).build();
    }

    public ServeSettings withPorts(int api, int metrics) {
        return toBuilder().port(api).metricsPort(metrics).build();
    }

    /** Address both ports are bound to. */
    public String host() {
        return host;
    }

    /** API port. */
    public int port() {
        return port;
    }

    /** Metrics port. */
    public int metricsPort() {
        return metricsPort;
    }

    /** Model artifact to serve, or {@code null} for the built-in one. */
    public Path modelPath() {
        return modelPath;
    }

    /**
     * Segments file to monitor, or {@code null}: then the built-in model's shipped segments, and none
     * for another model.
     */
    public Path segmentsPath() {
        return segmentsPath;
    }

    /** The prediction log. */
    public LedgerSettings ledger() {
        return ledger;
    }

    /** Feedbacks in the rolling accuracy window. */
    public int accuracyWindow() {
        return accuracyWindow;
    }

    /** Decisions in the sliding drift window. */
    public int driftWindow() {
        return driftWindow;
    }

    /** Event-loop threads serving HTTP. */
    public int eventLoops() {
        return eventLoops;
    }

    /** What slow, idle or too many clients may hold. */
    public HttpLimits httpLimits() {
        return httpLimits;
    }

    /** Bearer tokens accepted for feedback and administration; empty means open, as the original system. */
    public List<String> feedbackTokens() {
        return feedbackTokens;
    }

    /** Whether denials answer their adverse-action reasons (and keep their contributions). */
    public boolean reasons() {
        return reasons;
    }

    /**
     * The share of the most adverse reason's contribution another feature's must reach to be a
     * reason too; 0 makes every feature that pushed toward denial one (up to four).
     */
    public double reasonsMinShare() {
        return reasonsMinShare;
    }

    /** Whether the original system's unverified feedback form (an unknown id with its claimed prediction) is taken. */
    public boolean unverifiedFeedback() {
        return unverifiedFeedback;
    }

    /** Artifacts of the challengers to serve beside the champion at first start. */
    public List<Path> challengerPaths() {
        return challengerPaths;
    }

    /** Where the known models and their roles are kept across restarts. */
    public Path modelDir() {
        return modelDir;
    }

    /** How long the request path is rehearsed before the instance reports ready. */
    public WarmUpSettings warmUp() {
        return warmUp;
    }

    @Override
    public String toString() {
        return "ServeSettings{host=" + host + ", port=" + port + ", metricsPort=" + metricsPort + ", modelPath="
                + modelPath + ", segmentsPath=" + segmentsPath + ", ledger=" + ledger + ", accuracyWindow="
                + accuracyWindow + ", driftWindow="
                + driftWindow + ", eventLoops=" + eventLoops + ", httpLimits=" + httpLimits + ", feedbackTokens="
                + feedbackTokens.size() + ", unverifiedFeedback=" + unverifiedFeedback + ", reasons=" + reasons
                + ", reasonsMinShare=" + reasonsMinShare + ", warmUp=" + warmUp + "}";
    }

    /** Collects settings; {@link #build()} validates them all at once. Not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int metricsPort = DEFAULT_METRICS_PORT;
        private Path modelPath;
        private Path segmentsPath;
        private LedgerSettings ledger = LedgerSettings.defaults(DEFAULT_PREDICTION_LOG);
        private int accuracyWindow = DEFAULT_ACCURACY_WINDOW;
        private int driftWindow = DEFAULT_DRIFT_WINDOW;
        private int eventLoops = Runtime.getRuntime().availableProcessors();
        private HttpLimits httpLimits = HttpLimits.DEFAULTS;
        private List<String> feedbackTokens = List.of();
        private boolean unverifiedFeedback = true;
        private boolean reasons = true;
        private double reasonsMinShare;
        private List<Path> challengerPaths = List.of();
        private Path modelDir = Path.of(DEFAULT_MODEL_DIR);
        private WarmUpSettings warmUp = WarmUpSettings.DEFAULTS;

        private Builder() {}

        /** Address to bind both ports to ({@code --host}, {@code HOST}); default {@value #DEFAULT_HOST}. */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /** API port ({@code --port}, {@code PORT}), 0 for any free one; default {@value #DEFAULT_PORT}. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /**
         * Metrics port ({@code --metrics-port}, {@code PROMETHEUS_METRICS_PORT}), 0 for any free one;
         * default {@value #DEFAULT_METRICS_PORT}.
         */
        public Builder metricsPort(int value) {
            this.metricsPort = value;
            return this;
        }

        /** Model artifact ({@code --model}, {@code MODEL_PATH}); default {@code null}, the built-in model. */
        public Builder modelPath(Path value) {
            this.modelPath = value;
            return this;
        }

        /**
         * Segments to monitor by group, a JSON file ({@code --segments}, {@code SEGMENTS_FILE});
         * default {@code null}: the built-in model's shipped segments (age bands and the example
         * attribute {@code applicant_group}), none for a model given with {@code --model}.
         */
        public Builder segmentsPath(Path value) {
            this.segmentsPath = value;
            return this;
        }

        /**
         * The prediction log; default {@code LedgerSettings.defaults(}{@value #DEFAULT_PREDICTION_LOG}{@code
         * )}.
         */
        public Builder ledger(LedgerSettings value) {
            this.ledger = value;
            return this;
        }

        /**
         * Feedbacks in the rolling {@code model_accuracy} window ({@code --accuracy-window}, {@code
         * ACCURACY_WINDOW}); default {@value #DEFAULT_ACCURACY_WINDOW}.
         */
        public Builder accuracyWindow(int value) {
            this.accuracyWindow = value;
            return this;
        }

        /**
         * Decisions in the sliding PSI/KS window ({@code --drift-window}, {@code DRIFT_WINDOW}); default
         * {@value #DEFAULT_DRIFT_WINDOW}.
         */
        public Builder driftWindow(int value) {
            this.driftWindow = value;
            return this;
        }

        /**
         * Event-loop threads serving HTTP ({@code --event-loops}, {@code EVENT_LOOPS}), at least 1;
         * default the number of available processors.
         */
        public Builder eventLoops(int value) {
            this.eventLoops = value;
            return this;
        }

        /**
         * Challengers' artifacts ({@code --challenger}, repeatable; {@code CHALLENGERS}, comma-separated):
         * scored beside the champion on every request; default none. Used at the first start of a model
         * directory; after that the directory's roles win.
         */
        public Builder challengerPaths(List<Path> value) {
            this.challengerPaths = value;
            return this;
        }

        /**
         * Folder of the known models and their roles ({@code --model-dir}, {@code MODEL_DIR}); default
         * {@value #DEFAULT_MODEL_DIR}.
         */
        public Builder modelDir(Path value) {
            this.modelDir = value;
            return this;
        }

        /** Limits on slow and idle clients; default {@link HttpLimits#DEFAULTS}. */
        public Builder httpLimits(HttpLimits value) {
            this.httpLimits = value;
            return this;
        }

        /**
         * Bearer tokens that {@code /feedback} and the administrative endpoints accept ({@code
         * --feedback-token}, repeatable, or {@code FEEDBACK_TOKENS}, comma-separated); several at once
         * let a token be rotated. Default none: the endpoints are open, as in the original system, and
         * the service says so at start and in {@code /ready}.
         */
        public Builder feedbackTokens(List<String> value) {
            this.feedbackTokens = value;
            return this;
        }

        /**
         * Whether feedback for an id the service never issued is taken on the client's word when it
         * carries {@code predicted_outcome} ({@code --unverified-feedback}, {@code UNVERIFIED_FEEDBACK});
         * default true, the original system's form.
         */
        public Builder unverifiedFeedback(boolean value) {
            this.unverifiedFeedback = value;
            return this;
        }

        /**
         * Whether every denial answers its adverse-action reasons and keeps every contribution in
         * the log ({@code --reasons}, {@code ADVERSE_ACTION_REASONS}); default true. Off, denials
         * carry none (for lenders who give reasons by their own process); {@code ?explain=true}
         * still explains on request.
         */
        public Builder reasons(boolean value) {
            this.reasons = value;
            return this;
        }

        /**
         * How large, as a share of the most adverse reason's contribution (0 to 1), another
         * feature's adverse contribution must be to be given as a reason too ({@code
         * --reasons-min-share}, {@code ADVERSE_ACTION_REASONS_MIN_SHARE}); default 0, every
         * feature that pushed toward denial, up to four. The most adverse is always a reason.
         */
        public Builder reasonsMinShare(double value) {
            this.reasonsMinShare = value;
            return this;
        }

        /**
         * The rehearsal of the request path before {@code /ready} answers 200 ({@code --warm-up},
         * {@code WARM_UP}; {@code --warm-up-limit}, {@code WARM_UP_LIMIT}); default {@link
         * WarmUpSettings#DEFAULTS}.
         */
        public Builder warmUp(WarmUpSettings value) {
            this.warmUp = value;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first invalid setting, its rule, its flag and its
         *     variable
         */
        public ServeSettings build() {
            return new ServeSettings(this);
        }
    }
}
