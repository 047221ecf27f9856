package org.loanmodel.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.loanmodel.testing.Await;

/** {@code serve} run as its own JVM, as in production, so that a test can stop it with SIGTERM. */
final class ServeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("on port (\\d+) \\(metrics on port (\\d+)\\)");

    private final Process process;
    private final Path output;
    private final int port;

    private ServeProcess(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** Starts {@code serve} on free loopback ports with the extra arguments; returns once it listens. */
    static ServeProcess start(Path output, String... arguments) throws IOException {
        return start(output, List.of(), arguments);
    }

    /** The same, the JVM started with {@code jvmFlags} (a heap limit, say). */
    static ServeProcess start(Path output, List<String> jvmFlags, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "org.loanmodel.Main",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--metrics-port",
                "0",
                // Tests that do not measure speed: the warm-up would only compete with them.
                "--warm-up",
                "off"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        int[] port = new int[1];
        Await.until("the server to listen", Duration.ofSeconds(60), () -> {
            Optional<Matcher> found = read(output)
                    .lines()
                    .map(LISTENING::matcher)
                    .filter(Matcher::find)
                    .findFirst();
            found.ifPresent(m -> port[0] = Integer.parseInt(m.group(1)));
            if (found.isEmpty() && !process.isAlive()) {
                throw new AssertionError("server exited: " + read(output));
            }
            return found.isPresent();
        });
        return new ServeProcess(process, output, port[0]);
    }

    int port() {
        return port;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Sends SIGTERM and waits for the process to exit; returns its exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("server did not exit within 120 s of SIGTERM: " + log());
        }
        return process.exitValue();
    }

    /** What the server printed so far. */
    String log() {
        return read(output);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
