package org.loanmodel.simulate;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A one-line progress bar redrawn in place ({@code \r}) a few times a second, for a terminal. Only
 * started when someone watches: logs and captured output stay free of carriage returns.
 */
public final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private static final long REDRAW_MILLIS = 250;

    /**
     * What to draw.
     *
     * @param fraction share done, 0 to 1
     * @param text counts shown after the bar
     */
    public record Status(double fraction, String text) {}

    private final PrintWriter err;
    private final Supplier<Status> status;
    private final ScheduledExecutorService redraw;
    private int lastLength;

    private ProgressBar(PrintWriter err, Supplier<Status> status) {
        this.err = err;
        this.status = status;
        this.redraw = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "progress-bar");
            thread.setDaemon(true);
            return thread;
        });
        redraw.scheduleAtFixedRate(this::draw, 0, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts redrawing on {@code err}; stop with {@link #close()}, which draws the final state. */
    public static ProgressBar start(PrintWriter err, Supplier<Status> status) {
        return new ProgressBar(err, status);
    }

    /** Whether to show progress: {@code always}, {@code never}, or {@code auto} (only on a terminal). */
    public static boolean wanted(String mode) {
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> System.console() != null;
            default ->
                throw new IllegalArgumentException("--progress must be auto, always or never, got '" + mode + "'");
        };
    }

    private synchronized void draw() {
        Status now = status.get();
        double fraction = Math.max(0, Math.min(1, now.fraction()));
        int filled = (int) Math.round(fraction * WIDTH);
        String line = String.format(
                "\r[%s%s] %3d%%  %s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), Math.round(fraction * 100), now.text());
        // Pad with spaces so a shorter line fully covers the previous one.
        int pad = Math.max(0, lastLength - line.length());
        err.print(line + " ".repeat(pad));
        err.flush();
        lastLength = line.length();
    }

    @Override
    public void close() {
        redraw.shutdownNow();
        try {
            redraw.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        err.println();
        err.flush();
    }
}
