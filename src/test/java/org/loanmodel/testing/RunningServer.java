package org.loanmodel.testing;

import java.nio.file.Path;
import java.time.Clock;
import org.loanmodel.LoanModelServer;
import org.loanmodel.config.ServeSettings;

/**
 * The real service started in-process on free loopback ports, with a fresh prediction log in a
 * temporary folder; closed like production (flushes the log).
 */
public final class RunningServer implements AutoCloseable {
    private final LoanModelServer server;
    private final TestClient api;
    private final TestClient metrics;

    private RunningServer(LoanModelServer server) {
        this.server = server;
        this.api = new TestClient(server.apiPort());
        this.metrics = new TestClient(server.metricsPort());
    }

    /** Starts with default settings and a prediction log at {@code folder/predictions.db}. */
    public static RunningServer start(Path folder) {
        return start(ServeSettings.ephemeral(folder.resolve("predictions.db").toString()), Clock.systemUTC());
    }

    public static RunningServer start(ServeSettings settings, Clock clock) {
        return new RunningServer(LoanModelServer.start(settings, clock));
    }

    public TestClient api() {
        return api;
    }

    public TestClient metricsPort() {
        return metrics;
    }

    /** Scrapes {@code /metrics} in the text format. */
    public Scrape scrape() {
        return Scrape.parse(metrics.get("/metrics").body());
    }

    public LoanModelServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
