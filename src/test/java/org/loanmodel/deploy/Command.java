package org.loanmodel.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program (promtool, kubectl kustomize, bash) to completion and keeps its exit
 * code and combined output; a program that outlives its timeout is killed by PID.
 *
 * @param exitCode the program's exit code
 * @param output what it wrote to stdout and stderr, interleaved
 */
record Command(int exitCode, String output) {

    static Command run(Path workDir, Duration timeout, String... command) {
        return run(workDir, timeout, Map.of(), List.of(command));
    }

    static Command run(Path workDir, Duration timeout, Map<String, String> environment, List<String> command) {
        Path log = null;
        Process process = null;
        try {
            // A file, not a pipe: a chatty program must never block on a full pipe buffer.
            log = Files.createTempFile("command", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(command + " did not finish within " + timeout + ":\n" + Files.readString(log));
            }
            return new Command(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            deleteQuietly(log);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover temp file is harmless; the test result is what matters.
            }
        }
    }
}
