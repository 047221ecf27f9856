package org.loanmodel.warmup;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.loanmodel.api.ApiRouter;
import org.loanmodel.api.BearerTokens;
import org.loanmodel.api.HttpVerticle;
import org.loanmodel.api.StatusResource;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.ledger.JdbcPredictionLog;
import org.loanmodel.ledger.LedgerSettings;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.model.LoanModel;
import org.loanmodel.monitoring.DriftMonitor;
import org.loanmodel.monitoring.QualityMonitor;
import org.loanmodel.monitoring.ServingMetrics;
import org.loanmodel.registry.ModelRegistry;
import org.loanmodel.segments.Segments;
import org.loanmodel.service.FeedbackService;
import org.loanmodel.service.PredictionIds;
import org.loanmodel.service.PredictionService;
import org.loanmodel.status.StatusService;
import org.loanmodel.status.TrafficSampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway copy of the service for the warm-up: the production routes and services over the same
 * served models, but with a metrics registry of its own (never exposed), a prediction log of its own
 * in a temporary folder (deleted on close), and no tokens (its administrative API answers 403),
 * listening on a loopback port of its own. What it decides reaches no metric, log or page of the real
 * service; the code it runs is the real service's, so the JIT compiles what real requests will run.
 */
final class Rehearsal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rehearsal.class);
    private static final long STOP_SECONDS = 30;
    private static final long CLIENTS_GONE_MILLIS = 2_000;

    private final Vertx vertx;
    private final PrometheusRegistry metricsRegistry;
    private final PredictionLog log;
    private final Path folder;
    private final String deployment;
    private final int port;
    private final AtomicInteger openConnections;

    private Rehearsal(
            Vertx vertx,
            PrometheusRegistry metricsRegistry,
            PredictionLog log,
            Path folder,
            String deployment,
            int port,
            AtomicInteger openConnections) {
        this.vertx = vertx;
        this.metricsRegistry = metricsRegistry;
        this.log = log;
        this.folder = folder;
        this.deployment = deployment;
        this.port = port;
        this.openConnections = openConnections;
    }

    /**
     * Wires and starts the copy on {@code vertx}'s event loops.
     *
     * @param real the real service, whose models and explainers the copy decides with
     */
    static Rehearsal start(
            Vertx vertx,
            ServeSettings settings,
            ModelRegistry registry,
            Segments segments,
            PredictionService real,
            Clock clock) {
        Path folder = temporaryFolder();
        LoanModel champion = registry.current().champion();
        ServingMetrics metrics = ServingMetrics.withoutJvmMetrics(new PrometheusRegistry(), champion, segments);
        DriftMonitor drift = new DriftMonitor(champion.metadata().reference(), settings.driftWindow(), metrics.drift());
        PredictionLog log;
        try {
            // SQLite whatever the real log is: a warm-up must never write to a shared database.
            log = JdbcPredictionLog.open(throwaway(settings.ledger(), folder), champion.schema(), metrics.log(), clock);
        } catch (RuntimeException e) {
            delete(folder);
            throw e;
        }
        try {
            PredictionService predictions = real.reportingTo(
                    metrics.challengers(),
                    log,
                    new PredictionService.Monitors(metrics.predictions(), drift, metrics.segments(), metrics.inputs()),
                    new PredictionIds());
            FeedbackService feedback = new FeedbackService(
                    log,
                    new FeedbackService.Monitors(
                            new QualityMonitor(settings.accuracyWindow()),
                            metrics.feedback(),
                            metrics.segments(),
                            metrics.overrides()),
                    clock,
                    settings.unverifiedFeedback());
            StatusResource status = new StatusResource(
                    new StatusService(metrics.registry(), new TrafficSampler(metrics.registry(), clock), clock));
            ApiRouter api =
                    new ApiRouter(predictions, feedback, registry, log, new BearerTokens(List.of()), status, segments);
            AtomicInteger openConnections = new AtomicInteger();
            HttpVerticle server = new HttpVerticle("127.0.0.1", 0, api::build, settings.httpLimits(), openConnections);
            String deployment = vertx.deployVerticle(server).await(STOP_SECONDS, TimeUnit.SECONDS);
            return new Rehearsal(
                    vertx, metrics.registry(), log, folder, deployment, server.actualPort(), openConnections);
        } catch (Exception e) {
            log.close();
            delete(folder);
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /** The real log's settings (commit mode, batches, linger) on a SQLite file in {@code folder}. */
    private static LedgerSettings throwaway(LedgerSettings real, Path folder) {
        return new LedgerSettings(
                folder.resolve("predictions.db").toString(),
                real.commitMode(),
                real.queueCapacity(),
                real.batchSize(),
                real.linger(),
                real.maxAge(),
                real.maxRows(),
                real.sweepInterval(),
                real.shutdownGrace());
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("loan-model-warm-up-");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create a folder for the warm-up under " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    /** Reads every metric of the copy, as a scrape reads the real ones; the result is dropped. */
    void collectMetrics() {
        metricsRegistry.scrape();
    }

    /** The loopback port the copy listens on. */
    int port() {
        return port;
    }

    /**
     * Stops the copy's server, then drops its log and folder. The server is stopped once it has seen
     * its clients leave (or after {@link #CLIENTS_GONE_MILLIS}): a server that closes connections
     * itself sends a close through the path every answer takes, a message of another class, and the
     * JIT threw away the compiled answer path for it just before {@code /ready} (BENCHMARKS.md).
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLIENTS_GONE_MILLIS);
        while (openConnections.get() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            vertx.undeploy(deployment).await(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("stopping the warm-up server failed: {}", e.getMessage());
        }
        log.close();
        delete(folder);
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete the warm-up folder {}: {}", folder, e.getMessage());
        }
    }
}
