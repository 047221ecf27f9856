package org.loanmodel.warmup;

import io.vertx.core.Vertx;
import io.vertx.core.http.impl.HttpUtils;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.loanmodel.api.WarmUpState;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.config.WarmUpSettings;
import org.loanmodel.registry.ModelRegistry;
import org.loanmodel.segments.Segments;
import org.loanmodel.service.PredictionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up of {@code serve}: before the instance reports ready, real HTTP requests run through
 * the real request path (decoding, validation, every served model, reasons, the answer, metrics, the
 * prediction log's writer) of a {@link Rehearsal}, a throwaway copy of the service, until the JIT
 * compiler has compiled that path. A fresh replica then serves at full speed from its first request
 * instead of after half a minute; nothing the rehearsal decides reaches the real service's log,
 * metrics or status page.
 *
 * <p>It ends at the first of: the compiler has settled (no compilation through the last {@link
 * #SETTLE_REQUESTS} requests and {@link #SETTLE_WINDOW}), the request budget, the time limit, a failure (logged;
 * the service then serves without the rest of it), or {@link #close()}.
 *
 * <p>Example: {@code WarmUp warmUp = WarmUp.of(settings.warmUp()); ... warmUp.start(vertx,
 * settings, registry, segments, predictions, clock); ... warmUp.await();}
 */
public final class WarmUp implements WarmUpState, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    /**
     * Requests the compiler must have stayed idle through for the warm-up to end: a method run once
     * per request reaches C2's invocation threshold (5,000) within that many.
     */
    static final long SETTLE_REQUESTS = 10_000;

    /** How long, at least, the compiler must have been idle for the warm-up to end. */
    static final Duration SETTLE_WINDOW = Duration.ofMillis(500);

    /**
     * Share of the window the compiler may still work and count as settled: once warm it keeps
     * compiling now and then, a few percent of the time at most.
     */
    static final double SETTLE_SHARE = 0.05;

    /** Compilation that always counts as idle: two ticks of the kernel's CPU clock. */
    static final Duration SETTLE_NOISE = Duration.ofMillis(20);

    /** Rehearsal connections, each with its own client thread. */
    static final int CONNECTIONS = 32;

    private static final long POLL_MILLIS = 100;
    /**
     * How often the rehearsal's metrics are collected, as scrapes and the status page's sampler (once
     * a second) collect the real ones. A histogram observed while it is being collected takes a path
     * of its own (client_java buffers the observation), and the JIT keeps that path only if it was
     * taken while the recording was still profiled, in the rehearsal's first seconds: collected once
     * a second, it was not, and the first such overlap after {@code /ready} threw away the compiled
     * recording of every decision. So ten collections a second for the first {@link
     * #FAST_COLLECT_MILLIS} (about 0.2 % of a core: a collection costs less than the 0.4 ms
     * MetricsBenchmark.scrapeText takes with the text), then one: kept at ten, the collection itself
     * became hot enough for C2 to compile it (0.3 s) as the warm-up ended, for nothing, since real
     * scrapes come every few seconds.
     */
    private static final long FAST_COLLECT_MILLIS = 5_000;

    private static final long COLLECT_MILLIS = 100;
    private static final long SLOW_COLLECT_MILLIS = 1_000;
    /**
     * One request in this many is a liveness probe ({@link WarmUpRequests#probe}); a prime, so that
     * the probes replace each of the cycled requests in turn rather than always the same ones.
     */
    static final int PROBE_EVERY = 61;

    /**
     * How the warm-up ended.
     *
     * @param requests rehearsal requests answered
     * @param took from start to end
     * @param compiling the JIT compiler's work meanwhile (CPU time of its threads where measurable)
     * @param ending why it ended
     */
    public record Outcome(long requests, Duration took, Duration compiling, String ending) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%d requests in %.1f s (%s; compiler threads busy %.1f s meanwhile)",
                    requests,
                    took.toMillis() / 1000.0,
                    ending,
                    compiling.toMillis() / 1000.0);
        }
    }

    private final WarmUpSettings settings;
    private final CompilerActivity compiler;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Gate gate = new Gate();
    private volatile long startedNanos;
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile Outcome outcome;

    private WarmUp(WarmUpSettings settings, CompilerActivity compiler) {
        this.settings = settings;
        this.compiler = compiler;
    }

    /** A warm-up yet to start: until it has ended, {@link #pending()} says the instance is warming up. */
    public static WarmUp of(WarmUpSettings settings) {
        return new WarmUp(settings, CompilerActivity.ofThisJvm());
    }

    /**
     * Starts the warm-up on a thread of its own, once the real service listens.
     *
     * @param real the real service, whose models and explainers the rehearsal decides with
     */
    public void start(
            Vertx vertx,
            ServeSettings serve,
            ModelRegistry registry,
            Segments segments,
            PredictionService real,
            Clock clock) {
        startedNanos = System.nanoTime();
        started = true;
        Thread thread = new Thread(() -> run(vertx, serve, registry, segments, real, clock), "warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(
            Vertx vertx,
            ServeSettings serve,
            ModelRegistry registry,
            Segments segments,
            PredictionService real,
            Clock clock) {
        // Set on every way out, so that readiness never waits for a warm-up that died.
        String ending = "stopped: the warm-up failed";
        long compiledBefore = compiler.millis();
        try {
            LOG.info(
                    "warming up: rehearsing the request path on a throwaway copy of the service (at most {});"
                            + " nothing it decides is logged or counted",
                    settings);
            fillContentLengthCache();
            try (Rehearsal rehearsal = Rehearsal.start(vertx, serve, registry, segments, real, clock)) {
                List<byte[]> requests = WarmUpRequests.of(registry.current().champion(), segments, 1, rehearsal.port());
                ending = requests.isEmpty()
                        ? "skipped: no valid application could be drawn from the model's schema"
                        : drive(rehearsal, requests);
            }
        } catch (RuntimeException e) {
            ending = "stopped: " + e.getMessage();
        } finally {
            end(ending, compiledBefore);
        }
    }

    /**
     * Fills Vert.x's cache of the Content-Length values below 256, which it fills as it meets them.
     * Otherwise the first short answer of a length the rehearsal never gave (the first {@code /ready}
     * 200, a probe) takes the branch that fills it, which the compiled answer path had left out,
     * and C2 recompiles that path in the first second after {@code /ready} (BENCHMARKS.md).
     */
    private static void fillContentLengthCache() {
        for (int length = 0; length < 256; length++) {
            HttpUtils.positiveLongToString(length);
        }
    }

    private void end(String ending, long compiledBefore) {
        outcome = new Outcome(
                sent.get(),
                Duration.ofNanos(System.nanoTime() - startedNanos),
                Duration.ofMillis(compiler.millis() - compiledBefore),
                ending);
        if (stopping && ending.startsWith("stopped: the service is closing")) {
            LOG.info("warm-up ended early: {}", outcome);
        } else if (ending.startsWith("stopped") || ending.startsWith("skipped")) {
            LOG.warn("warm-up {}; serving without the rest of it", outcome);
        } else {
            LOG.info("warm-up done: {}; ready", outcome);
        }
        finished.countDown();
    }

    /** Runs the clients until the warm-up should end; returns why it ended. */
    private String drive(Rehearsal rehearsal, List<byte[]> requests) {
        int port = rehearsal.port();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Thread client = new Thread(() -> send(port, requests), "warm-up-client-" + i);
            client.setDaemon(true);
            client.start();
            clients.add(client);
        }
        String ending = watch(rehearsal::collectMetrics);
        stopping = true;
        gate.pause(false);
        for (Thread client : clients) {
            try {
                client.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "stopped: interrupted";
            }
        }
        return failure.get() != null ? "stopped: " + failure.get() : ending;
    }

    /**
     * Polls the clients and the compiler until the warm-up should end. With one processor the clients
     * pause while the compiler is busy: they would otherwise take most of the core from it (the
     * scheduler shares it between every runnable thread), and the compiler's work is what the warm-up
     * waits for. With more, the compiler has a processor of its own beside the clients.
     *
     * <p>Every {@link #COLLECT_MILLIS}, later {@link #SLOW_COLLECT_MILLIS}, it also runs {@code
     * collect}, as scrapes and the status page's sampler read the real metrics while requests update
     * them.
     */
    private String watch(Runnable collect) {
        long deadline = startedNanos + settings.limit().toNanos();
        long collected = System.nanoTime();
        CompilerActivity.Window calm = compiler.window(SETTLE_WINDOW, SETTLE_REQUESTS);
        boolean yieldToCompiler = Runtime.getRuntime().availableProcessors() == 1;
        long compiled = compiler.millis();
        while (true) {
            if (stopping) {
                return "stopped: the service is closing";
            }
            if (failure.get() != null) {
                return "stopped";
            }
            if (sent.get() >= settings.requests()) {
                return "request budget reached";
            }
            if (System.nanoTime() - deadline >= 0) {
                return "time limit reached";
            }
            if (calm.idle(sent.get(), SETTLE_SHARE, SETTLE_NOISE)) {
                return "the JIT compiler settled";
            }
            long nanos = System.nanoTime();
            long every = nanos - startedNanos < TimeUnit.MILLISECONDS.toNanos(FAST_COLLECT_MILLIS)
                    ? COLLECT_MILLIS
                    : SLOW_COLLECT_MILLIS;
            if (nanos - collected >= TimeUnit.MILLISECONDS.toNanos(every)) {
                collect.run();
                collected = nanos;
            }
            long now = compiler.millis();
            gate.pause(yieldToCompiler && now - compiled >= POLL_MILLIS / 2);
            compiled = now;
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "stopped: interrupted";
            }
        }
    }

    private void send(int port, List<byte[]> requests) {
        byte[] probe = WarmUpRequests.probe(port);
        try (WarmUpConnection connection = new WarmUpConnection(port)) {
            while (!stopping && gate.passed()) {
                long index = sent.getAndIncrement();
                if (index >= settings.requests()) {
                    sent.decrementAndGet();
                    return;
                }
                int status = connection.exchange(
                        index % PROBE_EVERY == PROBE_EVERY - 1 ? probe : requests.get((int) (index % requests.size())));
                if (status != 200) {
                    failure.compareAndSet(null, "a rehearsal request was answered " + status);
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!stopping) {
                failure.compareAndSet(null, "rehearsal request failed: " + e.getMessage());
            }
        }
    }

    /** Where the clients wait while the warm-up pauses them. */
    private final class Gate {
        private boolean paused;

        synchronized void pause(boolean value) {
            paused = value;
            if (!value) {
                notifyAll();
            }
        }

        /** Waits while paused; false when the warm-up is ending meanwhile. */
        synchronized boolean passed() {
            while (paused && !stopping) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !stopping;
        }
    }

    @Override
    public Optional<String> pending() {
        if (outcome != null) {
            return Optional.empty();
        }
        if (!started) {
            return Optional.of("warming up: starting");
        }
        return Optional.of(
                progress(sent.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos), settings));
    }

    /**
     * What {@link #pending} says after {@code requests} in {@code millis}. Concatenated, not {@code
     * String.format}: readiness probes ask for it, and a probe every few milliseconds had C2 compile
     * the formatter (0.4 s of it) just as the warm-up ended.
     */
    static String progress(long requests, long millis, WarmUpSettings settings) {
        long tenths = Math.round(millis / 100.0);
        return "warming up: rehearsing the request path so that it is compiled, " + requests + " requests in "
                + tenths / 10 + "." + tenths % 10 + " s (at most " + settings + ")";
    }

    /** Waits until the warm-up has ended; returns how, or empty when it was never started. */
    public Optional<Outcome> await() throws InterruptedException {
        if (!started) {
            return Optional.empty();
        }
        finished.await();
        return Optional.of(outcome);
    }

    /** Ends the warm-up early and waits until its copy of the service is gone. */
    @Override
    public void close() {
        stopping = true;
        gate.pause(false);
        if (!started) {
            return;
        }
        try {
            if (!finished.await(60, TimeUnit.SECONDS)) {
                LOG.error("the warm-up did not end within 60 s of closing");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
