package org.loanmodel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.SmallDisk;
import org.loanmodel.testing.TestClient;

/**
 * SIGTERM while the disk under the prediction log is full: the service, its own JVM under 16
 * concurrent clients, keeps trying for its shutdown grace, exits, and reports in one line how many
 * acknowledged decisions it could not store; the test counts them in the file afterwards.
 */
class FullDiskShutdownTest {
    private static final int CLIENTS = 16;
    private static final Pattern REPORT = Pattern.compile(
            "prediction log closed after its 3.0 s shutdown grace while it could not write: (\\d+) acknowledged"
                    + " decisions were not stored");

    @TempDir
    Path dir;

    @Test
    void shutdownWhileTheDiskIsFullEndsAfterTheGraceAndReportsExactlyTheDecisionsNotStored() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("disk"));
        // Room for the 300 decisions before the disk is filled on purpose, however they are batched:
        // the WAL grows until its checkpoint at 1,000 pages (4 MB), and on a slow machine, one or two
        // rows to a commit, 2 MB filled up at 299 decisions.
        try (SmallDisk disk = SmallDisk.mount(mount, "8m")) {
            Path file = disk.dir().resolve("predictions.db");
            try (ServeProcess server = ServeProcess.start(
                            dir.resolve("server.log"),
                            "--prediction-log",
                            file.toString(),
                            "--log-shutdown-grace",
                            "3s");
                    Connection reader = Answers.reader("jdbc:sqlite:" + file)) {
                Answers answers = new Answers(new TestClient(server.port()));
                AtomicInteger refused = new AtomicInteger();
                AtomicInteger failed = new AtomicInteger();
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                for (int i = 0; i < CLIENTS; i++) {
                    clients.submit(() -> {
                        while (running.get()) {
                            // A request that fails (a timeout on a busy machine) must not end its client.
                            try {
                                HttpResponse<String> answer = answers.predict();
                                if (answer.statusCode() == 503) {
                                    refused.incrementAndGet();
                                }
                            } catch (RuntimeException e) {
                                failed.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
                try {
                    Await.until(
                            "300 acknowledged predictions",
                            Duration.ofSeconds(60),
                            () -> answers.acknowledged().size() >= 300);
                } catch (AssertionError e) {
                    throw new AssertionError(
                            e.getMessage() + "; answers " + answers.predictAnswers() + ", " + failed.get()
                                    + " requests failed; the service's log:\n" + server.log(),
                            e);
                }
                disk.fill();
                int beforeFull = answers.acknowledged().size();
                Await.until("predictions to be refused", Duration.ofSeconds(60), () -> refused.get() >= 100);
                running.set(false);
                clients.shutdown();
                assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

                long terminated = System.nanoTime();
                assertThat(server.terminate()).isEqualTo(143);
                double exitSeconds = (System.nanoTime() - terminated) / 1e9;
                String log = server.log();
                Matcher report = REPORT.matcher(log);
                assertThat(report.find()).as("the shutdown report in %s", log).isTrue();
                long reported = Long.parseLong(report.group(1));
                System.out.println(report.group(0));

                disk.free();
                Set<String> stored = Answers.storedIds(reader);
                Set<String> missing = new HashSet<>(answers.acknowledged());
                missing.removeAll(stored);
                assertThat(reported).isEqualTo(missing.size());
                assertThat(answers.acknowledged()).containsAll(stored);
                assertThat(answers.predictAnswers().keySet()).containsOnly("200", "503 log_unavailable");
                System.out.printf(
                        "shutdown with the disk full: %d acknowledged, %d of them after the disk filled, %d reported"
                                + " and really not stored, exit %.1f s after SIGTERM (grace 3 s)%n",
                        answers.acknowledged().size(),
                        answers.acknowledged().size() - beforeFull,
                        reported,
                        exitSeconds);
            }
        }
    }
}
