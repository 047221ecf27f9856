package org.loanmodel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.testing.Await;

/**
 * What happens to acknowledged predictions when the process dies under load: the service runs as a
 * separate JVM, 16 clients keep predicting, and the process is killed with SIGKILL (a crash) or
 * stopped with SIGTERM (an orderly shutdown). Afterwards every acknowledged id is looked up in the
 * prediction log.
 */
class DurabilityTest {
    private static final Pattern LISTENING = Pattern.compile("on port (\\d+) \\(metrics on port (\\d+)\\)");
    private static final String APPLICATION = "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000,"
            + " \"loan_term\": 36, \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}";
    private static final Pattern ID = Pattern.compile("\"prediction_id\":\"([^\"]+)\"");
    private static final int CLIENTS = 16;

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** Acknowledged ids and how many of them the log lost. */
    record Outcome(int acknowledged, int lost, int exitCode, String serverLog) {}

    private Outcome run(String commit, boolean crash) throws Exception {
        Path log = dir.resolve("predictions.db");
        Path output = dir.resolve("server.log");
        process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.loanmodel.Main",
                        "serve",
                        "--warm-up",
                        "off",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--metrics-port",
                        "0",
                        "--prediction-log",
                        log.toString(),
                        "--commit",
                        commit)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        int port = awaitPort(output);

        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(APPLICATION))
                .build();
        for (int i = 0; i < CLIENTS; i++) {
            clients.submit(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        Matcher id = ID.matcher(response.body());
                        if (response.statusCode() == 200 && id.find()) {
                            acknowledged.add(id.group(1));
                        }
                    } catch (IOException e) {
                        return null; // the server is gone
                    }
                }
                return null;
            });
        }
        Await.until("5000 acknowledged predictions", Duration.ofSeconds(60), () -> acknowledged.size() >= 5000);
        if (crash) {
            process.destroyForcibly(); // SIGKILL
        } else {
            process.destroy(); // SIGTERM
        }
        int exit = process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
        running.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        Set<String> stored = storedIds(log);
        List<String> acked = new ArrayList<>(acknowledged);
        int lost = (int) acked.stream().filter(id -> !stored.contains(id)).count();
        Outcome outcome = new Outcome(acked.size(), lost, exit, Files.readString(output));
        System.out.printf(
                "durability: commit=%s %s: %d acknowledged, %d lost%n",
                commit, crash ? "SIGKILL" : "SIGTERM", outcome.acknowledged(), outcome.lost());
        return outcome;
    }

    private int awaitPort(Path output) {
        int[] port = new int[1];
        Await.until("the server to listen", Duration.ofSeconds(30), () -> {
            Optional<Matcher> found = read(output)
                    .lines()
                    .map(LISTENING::matcher)
                    .filter(Matcher::find)
                    .findFirst();
            found.ifPresent(m -> port[0] = Integer.parseInt(m.group(1)));
            if (!process.isAlive()) {
                throw new AssertionError("server exited: " + read(output));
            }
            return found.isPresent();
        });
        return port[0];
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static Set<String> storedIds(Path log) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + log);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT prediction_id FROM predictions")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    @Test
    void syncCommitLosesNoAcknowledgedPredictionInACrash() throws Exception {
        Outcome outcome = run("sync", true);
        assertThat(outcome.exitCode()).isEqualTo(137);
        assertThat(outcome.acknowledged()).isGreaterThanOrEqualTo(5000);
        assertThat(outcome.lost()).isZero();
    }

    @Test
    void asyncCommitLosesAtMostWhatWasQueuedInACrash() throws Exception {
        Outcome outcome = run("async", true);
        assertThat(outcome.exitCode()).isEqualTo(137);
        assertThat(outcome.acknowledged()).isGreaterThanOrEqualTo(5000);
        // Only decisions still queued for the writer can be lost; the queue holds 65536.
        assertThat(outcome.lost()).isBetween(0, 65_536);
    }

    @Test
    void orderlyShutdownUnderLoadFlushesEveryAcknowledgedPrediction() throws Exception {
        Outcome outcome = run("async", false);
        assertThat(outcome.exitCode()).isEqualTo(143);
        assertThat(outcome.lost()).isZero();
        assertThat(outcome.serverLog())
                .contains("prediction log flushed and closed")
                .contains("stopped");
    }
}
