package org.loanmodel.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a test's folder, so that a test can fill a real filesystem and free it
 * again. Mounting needs root (or CAP_SYS_ADMIN): without it the test is skipped with a message, or
 * fails when {@code LOANMODEL_REQUIRE_TOOLS=true} (see {@link Tools}). Unmount with {@link #close()}
 * in a {@code finally} or try-with-resources.
 */
public final class SmallDisk implements AutoCloseable {
    private static final String FILLER = "filler";

    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (as {@code mount -o size=} takes it, e.g. {@code 2m}) on {@code dir}. */
    public static SmallDisk mount(Path dir, String size) {
        String output = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        if (output != null) {
            String message = "cannot mount a tmpfs on " + dir + " (needs root or CAP_SYS_ADMIN): " + output.strip();
            if (Tools.toolsRequired()) {
                fail(message + " (LOANMODEL_REQUIRE_TOOLS=true)");
            }
            assumeTrue(false, message + "; skipping");
        }
        return new SmallDisk(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Takes every free byte with a filler file, so that the next write that needs space fails. */
    public void fill() {
        Path filler = dir.resolve(FILLER);
        try (OutputStream out = Files.newOutputStream(filler)) {
            write(out, new byte[64 * 1024]);
            write(out, new byte[512]);
            write(out, new byte[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code chunk} until the filesystem is full. */
    private static void write(OutputStream out, byte[] chunk) {
        try {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            // No space left on device: what this is for.
        }
    }

    /** Deletes the filler file: the space is free again. */
    public void free() {
        try {
            Files.deleteIfExists(dir.resolve(FILLER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unmounts the tmpfs (lazily, if something still holds a file open) and everything on it. */
    @Override
    public void close() {
        if (run("umount", dir.toString()) != null) {
            String output = run("umount", "-l", dir.toString());
            if (output != null) {
                throw new IllegalStateException("cannot unmount " + dir + ": " + output);
            }
        }
    }

    /** Runs a command; returns null when it succeeds, else what it printed. */
    private static String run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not finish";
            }
            return process.exitValue() == 0 ? null : output.isBlank() ? "exit code " + process.exitValue() : output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
