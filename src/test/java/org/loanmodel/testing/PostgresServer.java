package org.loanmodel.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests: {@code initdb} into a temporary folder, {@code
 * postgres} on a free loopback port, stopped by PID. Uses the Debian package's binaries under
 * {@code /usr/lib/postgresql/<version>/bin}; when running as root, drops to the {@code postgres}
 * user with {@code setpriv}, since PostgreSQL refuses to run as root.
 */
public final class PostgresServer implements AutoCloseable {
    private static final String USER = "loan";
    private final Path folder;
    private final Path bin;
    private final int port;
    private Process process;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path folder, Path bin, int port) {
        this.folder = folder;
        this.bin = bin;
        this.port = port;
    }

    /** Starts a server; skips the test (or fails it when tools are required) without PostgreSQL. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries().orElseGet(() -> {
            String hint = "apt-get install postgresql";
            if (Tools.toolsRequired()) {
                fail("PostgreSQL server binaries are required (LOANMODEL_REQUIRE_TOOLS=true): " + hint);
            }
            assumeTrue(false, "PostgreSQL server binaries not found (" + hint + "); skipping");
            return null;
        });
        Path folder = Files.createTempDirectory("loanmodel-pg");
        // The postgres user must be able to create the data folder and its socket in here.
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path data = folder.resolve("data");
        run(
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                USER,
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8");
        PostgresServer server = new PostgresServer(folder, bin, Ports.free());
        server.launch();
        return server;
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(asDatabaseUser(List.of(
                        bin.resolve("postgres").toString(),
                        "-D",
                        folder.resolve("data").toString(),
                        "-p",
                        Integer.toString(port),
                        "-k",
                        folder.toString(),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        "-c",
                        "fsync=off")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        folder.resolve("server.log").toFile()))
                .start();
        Await.until("PostgreSQL to accept connections", Duration.ofSeconds(30), this::accepts);
    }

    /** Stops the server, disconnecting every client. */
    public void stop() {
        try {
            // SIGINT is PostgreSQL's "fast" shutdown: it disconnects clients instead of waiting.
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .start()
                    .waitFor();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the stopped server again, same data and port. */
    public void restart() throws IOException {
        launch();
    }

    private static Optional<Path> binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder());
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asDatabaseUser(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        List<String> wrapped =
                new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(asDatabaseUser(List.of(command)))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new IllegalStateException("postgres exited: " + read(folder.resolve("server.log")));
        }
        try (Connection connection = DriverManager.getConnection(url("postgres"))) {
            return connection.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port the server listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** The JDBC URL of a database on this server. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String newDatabase() {
        String name = "test_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return url(name);
    }

    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
