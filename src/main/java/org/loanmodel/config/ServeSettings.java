package org.loanmodel.config;

import java.nio.file.Path;
import java.util.Objects;
import org.loanmodel.ledger.LedgerSettings;

/**
 * Validated settings of {@code serve}. Each comes from a flag, else an environment variable, else a
 * default; an invalid value names the flag and the variable to fix.
 *
 * @param host address to bind both ports to
 * @param port API port ({@code --port}, {@code PORT}, default 5000)
 * @param metricsPort metrics port ({@code --metrics-port}, {@code PROMETHEUS_METRICS_PORT}, default
 *     8001)
 * @param modelPath model artifact to serve, or {@code null} for the built-in one
 * @param ledger the prediction log
 * @param accuracyWindow feedbacks in the rolling accuracy window (default 100)
 * @param driftWindow decisions in the sliding drift window (default 5000)
 * @param eventLoops event-loop threads serving HTTP (default: available processors)
 */
public record ServeSettings(
        String host,
        int port,
        int metricsPort,
        Path modelPath,
        LedgerSettings ledger,
        int accuracyWindow,
        int driftWindow,
        int eventLoops) {

    public ServeSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ledger, "ledger");
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
        require(
                eventLoops >= 1,
                "event loops must be at least 1, got " + eventLoops + " (set --event-loops or EVENT_LOOPS)");
    }

    private static void checkPort(int value, String name, String where) {
        require(
                value >= 0 && value <= 65535,
                name + " must be between 0 and 65535, got " + value + " (set " + where + ")");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Settings for tests and embedding: both ports chosen by the OS, the given log file. */
    public static ServeSettings ephemeral(String logLocation) {
        return new ServeSettings("127.0.0.1", 0, 0, null, LedgerSettings.defaults(logLocation), 100, 5000, 1);
    }

    public ServeSettings withLedger(LedgerSettings newLedger) {
        return new ServeSettings(
                host, port, metricsPort, modelPath, newLedger, accuracyWindow, driftWindow, eventLoops);
    }

    public ServeSettings withModel(Path model) {
        return new ServeSettings(host, port, metricsPort, model, ledger, accuracyWindow, driftWindow, eventLoops);
    }

    public ServeSettings withWindows(int accuracy, int drift) {
        return new ServeSettings(host, port, metricsPort, modelPath, ledger, accuracy, drift, eventLoops);
    }

    public ServeSettings withPorts(int api, int metrics) {
        return new ServeSettings(host, api, metrics, modelPath, ledger, accuracyWindow, driftWindow, eventLoops);
    }
}
