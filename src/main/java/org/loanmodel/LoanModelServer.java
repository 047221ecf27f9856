package org.loanmodel;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.BindException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.loanmodel.api.ApiRouter;
import org.loanmodel.api.BearerTokens;
import org.loanmodel.api.HttpVerticle;
import org.loanmodel.api.MetricsRouter;
import org.loanmodel.api.StatusResource;
import org.loanmodel.api.WarmUpState;
import org.loanmodel.config.HttpLimits;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.ledger.JdbcPredictionLog;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.model.Numbers;
import org.loanmodel.monitoring.DriftMonitor;
import org.loanmodel.monitoring.QualityMonitor;
import org.loanmodel.monitoring.ServingMetrics;
import org.loanmodel.registry.ModelDirectory;
import org.loanmodel.registry.ModelRegistry;
import org.loanmodel.segments.Segments;
import org.loanmodel.service.DecisionExplainers;
import org.loanmodel.service.FeedbackService;
import org.loanmodel.service.PredictionIds;
import org.loanmodel.service.PredictionService;
import org.loanmodel.status.SamplerThread;
import org.loanmodel.status.StatusService;
import org.loanmodel.status.TrafficSampler;
import org.loanmodel.warmup.WarmUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of {@code serve}: settings, then model, metrics, prediction log, services and
 * the two HTTP servers, wired through constructors. Closing it stops accepting requests, lets those
 * in flight finish, then flushes the prediction log.
 *
 * <p>Example: {@code try (LoanModelServer server = LoanModelServer.start(settings,
 * Clock.systemUTC())) { ... server.apiPort() ... }}
 */
public final class LoanModelServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoanModelServer.class);
    private static final long START_TIMEOUT_SECONDS = 30;

    private final ModelRegistry registry;
    private final PredictionLog log;
    private final ServingMetrics metrics;
    private final Vertx vertx;
    private final SamplerThread sampling;
    private final WarmUp warmUp;
    private final int apiPort;
    private final int metricsPort;

    private LoanModelServer(
            ModelRegistry registry,
            PredictionLog log,
            ServingMetrics metrics,
            Vertx vertx,
            SamplerThread sampling,
            WarmUp warmUp,
            int apiPort,
            int metricsPort) {
        this.registry = registry;
        this.log = log;
        this.metrics = metrics;
        this.vertx = vertx;
        this.sampling = sampling;
        this.warmUp = warmUp;
        this.apiPort = apiPort;
        this.metricsPort = metricsPort;
    }

    /**
     * Starts the service and returns once both ports accept connections; {@code /ready} answers 503
     * {@code warming_up} until the warm-up (when configured) has ended, see {@link #awaitWarmUp()}.
     *
     * @throws IllegalArgumentException with a message that says what to fix (model file, port in use,
     *     prediction log)
     */
    public static LoanModelServer start(ServeSettings settings, Clock clock) {
        HttpLimits limits = settings.httpLimits();
        // Before anything is opened: a second serve on a busy port must not touch the running
        // service's prediction log on its way to failing.
        requireFree(settings.host(), settings.port(), "port", "--port or PORT");
        requireFree(
                settings.host(), settings.metricsPort(), "metrics port", "--metrics-port or PROMETHEUS_METRICS_PORT");
        LoanModel model =
                settings.modelPath() == null ? ModelArtifact.loadDefault() : ModelArtifact.load(settings.modelPath());
        Segments segments = segments(settings, model);
        ServingMetrics metrics = new ServingMetrics(new PrometheusRegistry(), model, segments);
        QualityMonitor quality = new QualityMonitor(settings.accuracyWindow());
        DriftMonitor drift = new DriftMonitor(model.metadata().reference(), settings.driftWindow(), metrics.drift());
        metrics.feedback().watch(quality);
        metrics.drift().watch(drift);
        PredictionLog log = JdbcPredictionLog.open(settings.ledger(), model.schema(), metrics.log(), clock);
        metrics.log().watch(log);

        List<LoanModel> challengers = settings.challengerPaths().stream()
                .map(file -> ModelArtifact.load(file, "--challenger or CHALLENGERS"))
                .toList();
        ModelRegistry registry = ModelRegistry.open(new ModelDirectory(settings.modelDir()), model, challengers);
        registry.onChange(served -> metrics.challengers().championIs(served.champion()));
        PredictionService predictions = new PredictionService(
                registry::current,
                metrics.challengers(),
                log,
                new PredictionService.Monitors(metrics.predictions(), drift, metrics.segments(), metrics.inputs()),
                new PredictionIds(),
                clock,
                new DecisionExplainers(settings.reasons(), settings.reasonsMinShare()));
        registry.onChange(served -> predictions.prepare(served.champion()));
        FeedbackService feedback = new FeedbackService(
                log,
                new FeedbackService.Monitors(quality, metrics.feedback(), metrics.segments(), metrics.overrides()),
                clock,
                settings.unverifiedFeedback());
        BearerTokens tokens = new BearerTokens(settings.feedbackTokens());
        if (!tokens.required()) {
            LOG.warn(
                    "no feedback token is configured: anyone who reaches port {} can send ground truth (set"
                            + " FEEDBACK_TOKENS or --feedback-token)",
                    settings.port());
        }
        TrafficSampler sampler = new TrafficSampler(metrics.registry(), clock);
        StatusResource status = new StatusResource(new StatusService(metrics.registry(), sampler, clock));
        WarmUp warmUp = WarmUp.of(settings.warmUp());
        ApiRouter api = new ApiRouter(
                predictions,
                feedback,
                registry,
                log,
                tokens,
                status,
                segments,
                settings.warmUp().enabled() ? warmUp : WarmUpState.DONE);
        MetricsRouter exposition = new MetricsRouter(metrics.registry());

        // Linux's epoll where its native library loads (x86-64 Linux: 4 % more /predict per core
        // than the JDK's selector in bench/ab.sh); elsewhere Vert.x falls back to the selector.
        Vertx vertx = Vertx.vertx(
                new VertxOptions().setEventLoopPoolSize(settings.eventLoops()).setPreferNativeTransport(true));
        try {
            int apiPort = deploy(
                    vertx,
                    settings.host(),
                    settings.port(),
                    settings.eventLoops(),
                    limits,
                    api::build,
                    "port",
                    "--port or PORT");
            int metricsPort = deploy(
                    vertx,
                    settings.host(),
                    settings.metricsPort(),
                    1,
                    limits,
                    exposition::build,
                    "metrics port",
                    "--metrics-port or PROMETHEUS_METRICS_PORT");
            LOG.info(
                    "serving model {} on port {} (metrics on port {}), prediction log {} ({} commit), network {},"
                            + " adverse-action reasons {}",
                    model.version(),
                    apiPort,
                    metricsPort,
                    settings.ledger().shownLocation(),
                    settings.ledger().commitMode().name().toLowerCase(java.util.Locale.ROOT),
                    transport(vertx),
                    reasonsLine(settings));
            if (settings.warmUp().enabled()) {
                warmUp.start(vertx, settings, registry, segments, predictions, clock);
            }
            return new LoanModelServer(
                    registry, log, metrics, vertx, SamplerThread.start(sampler), warmUp, apiPort, metricsPort);
        } catch (RuntimeException e) {
            closeQuietly(vertx);
            log.close();
            throw e;
        }
    }

    /**
     * The segments to monitor: the file given, else the shipped ones for the built-in model, else
     * none (another model's features are not the built-in one's).
     */
    private static Segments segments(ServeSettings settings, LoanModel model) {
        Segments segments;
        if (settings.segmentsPath() != null) {
            segments = Segments.read(settings.segmentsPath(), model.schema());
        } else if (settings.modelPath() == null) {
            segments = Segments.builtIn(model.schema());
        } else {
            LOG.info("no segments are monitored for model {} (set --segments or SEGMENTS_FILE)", model.version());
            return Segments.none();
        }
        LOG.info("monitoring segments {}", segments.segments());
        return segments;
    }

    /**
     * Deploys {@code instances} servers sharing one port. Vert.x shares a socket only between
     * servers asking for the same port number, and gives each port-0 server its own random port,
     * so port 0 is first resolved to a free port.
     */
    private static int deploy(
            Vertx vertx,
            String host,
            int port,
            int instances,
            HttpLimits limits,
            java.util.function.Function<Vertx, io.vertx.ext.web.Router> routes,
            String name,
            String setting) {
        int actual = port == 0 && instances > 1 ? freePort(host) : port;
        AtomicInteger open = new AtomicInteger();
        HttpVerticle first = new HttpVerticle(host, actual, routes, limits, open);
        await(vertx.deployVerticle(first), name, actual, setting);
        int bound = first.actualPort();
        if (instances > 1) {
            await(
                    vertx.deployVerticle(
                            () -> new HttpVerticle(host, bound, routes, limits, open),
                            new DeploymentOptions().setInstances(instances - 1)),
                    name,
                    bound,
                    setting);
        }
        return bound;
    }

    private static void requireFree(String host, int port, String name, String setting) {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(host), port), 1);
        } catch (BindException e) {
            throw new IllegalArgumentException(name + " " + port + " already in use (set " + setting + ")");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (set --host or " + setting + ")");
        }
    }

    private static int freePort(String host) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot find a free port on " + host + ": " + e.getMessage());
        }
    }

    private static void await(io.vertx.core.Future<String> deployment, String name, int port, String setting) {
        try {
            deployment.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    name + " " + port + " did not start within " + START_TIMEOUT_SECONDS + " s");
        } catch (Exception e) {
            // Vert.x rethrows the listen failure as is, checked BindException included.
            if (causedBy(e, BindException.class)) {
                throw new IllegalArgumentException(name + " " + port + " already in use (set " + setting + ")");
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    public int apiPort() {
        return apiPort;
    }

    public int metricsPort() {
        return metricsPort;
    }

    /** The champion of the moment. */
    public LoanModel model() {
        return registry.current().champion();
    }

    /** The known models and their roles. */
    public ModelRegistry registry() {
        return registry;
    }

    public PredictionLog log() {
        return log;
    }

    public ServingMetrics metrics() {
        return metrics;
    }

    /**
     * Waits until the warm-up has ended, and {@code /ready} answers 200 unless the log is in trouble;
     * at once when there is none.
     *
     * @return how it ended, empty without a warm-up
     */
    public java.util.Optional<WarmUp.Outcome> awaitWarmUp() throws InterruptedException {
        return warmUp.await();
    }

    /** Ends the warm-up, stops accepting requests, waits for those in flight, flushes the prediction log. */
    @Override
    public void close() {
        warmUp.close();
        sampling.close();
        closeQuietly(vertx);
        log.close();
        LOG.info("stopped");
    }

    /** The network transport this server's event loops use, as the start line names it. */
    String transport() {
        return transport(vertx);
    }

    /** How denials are explained, for the start line. */
    static String reasonsLine(ServeSettings settings) {
        if (!settings.reasons()) {
            return "off";
        }
        return settings.reasonsMinShare() == 0
                ? "on"
                : "on (a reason beside the most adverse needs " + Numbers.format(settings.reasonsMinShare())
                        + " of its contribution)";
    }

    /** The network transport the event loops use, in words for the start line. */
    static String transport(Vertx vertx) {
        if (vertx.isNativeTransportEnabled()) {
            return "epoll";
        }
        Throwable cause = vertx.unavailableNativeTransportCause();
        String why;
        if (cause == null) {
            why = "not requested";
        } else if (cause.getMessage() == null) {
            why = cause.toString();
        } else {
            why = cause.getMessage();
        }
        return "JDK selector (epoll unavailable: " + why + ")";
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            vertx.close().await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | RuntimeException e) {
            LOG.error("stopping the HTTP servers failed: {}", e.getMessage());
        }
    }
}
