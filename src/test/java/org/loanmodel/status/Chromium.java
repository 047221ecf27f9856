package org.loanmodel.status;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.loanmodel.testing.Tools;

/**
 * Headless Chromium (Debian's {@code chromium}) loading one page: the DOM after its scripts ran,
 * a screenshot, and Chromium's log, in which every console message of the page is a {@code
 * CONSOLE} line. Each run gets a fresh profile; a run that outlives its timeout is killed, with
 * every process it started, by PID.
 */
final class Chromium {
    /** Flags this machine needs: without the background-networking ones Chromium's connections are refused. */
    private static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0");

    /**
     * What one run produced.
     *
     * @param dom the serialized DOM after the virtual time budget
     * @param log Chromium's stderr, line by line
     * @param elapsed how long the run took
     */
    record Run(String dom, List<String> log, Duration elapsed) {
        /** The page's console messages: errors, warnings and CSP reports all land here. */
        List<String> console() {
            return log.stream().filter(line -> line.contains(":CONSOLE")).toList();
        }
    }

    private final Path program;

    private Chromium(Path program) {
        this.program = program;
    }

    /** The installed Chromium; skips the test when there is none, fails when tools are required. */
    static Chromium require() {
        return new Chromium(Tools.require("chromium", "apt-get install -y chromium"));
    }

    /**
     * Loads {@code url} with {@code budgetMillis} of virtual time for its scripts and timers, dumps
     * the DOM and saves a screenshot of {@code width} x {@code height} pixels.
     */
    Run load(String url, int budgetMillis, Path screenshot, int width, int height, Path work, Duration timeout) {
        try {
            Files.createDirectories(screenshot.toAbsolutePath().getParent());
            Path profile = Files.createTempDirectory(work, "chromium-profile");
            Path out = work.resolve("dom.html");
            Path err = work.resolve("chromium.log");
            List<String> command = new ArrayList<>();
            command.add(program.toString());
            command.addAll(FLAGS);
            command.add("--user-data-dir=" + profile);
            command.add("--virtual-time-budget=" + budgetMillis);
            command.add("--window-size=" + width + "," + height);
            command.add("--screenshot=" + screenshot.toAbsolutePath());
            command.add("--dump-dom");
            command.add(url);
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    fail("chromium did not finish loading " + url + " within " + timeout.toSeconds() + " s");
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                if (process.exitValue() != 0) {
                    fail("chromium exited with " + process.exitValue() + ": " + Files.readString(err));
                }
                return new Run(
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readAllLines(err, StandardCharsets.UTF_8),
                        elapsed);
            } finally {
                kill(process);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + program, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while chromium loaded " + url, e);
        }
    }

    /** Kills the process and everything it started (renderer, GPU, zygote), children first. */
    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
    }
}
