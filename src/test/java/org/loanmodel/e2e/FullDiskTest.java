package org.loanmodel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanmodel.e2e.Answers.CANNOT_WRITE;
import static org.loanmodel.e2e.Answers.assertUnavailable;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.ledger.CommitMode;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.SmallDisk;

/**
 * The SQLite prediction log on a real filesystem that fills up: a 2 MiB tmpfs, filled by a filler
 * file while the service runs, then freed. Decisions are refused as {@code log_unavailable}
 * within one write, nothing answered 503 is in the file, and the service heals by itself.
 */
class FullDiskTest {
    private static final String WRITE_FAILED = "prediction log write failed; nothing was stored, retry later";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void fullDiskRefusesDecisionsAsUnavailableAndTheLogHealsWhenSpaceReturns(CommitMode mode) throws Exception {
        Path mount = Files.createDirectories(dir.resolve("disk"));
        try (SmallDisk disk = SmallDisk.mount(mount, "2m")) {
            String file = disk.dir().resolve("predictions.db").toString();
            ServeSettings settings = ServeSettings.ephemeral(file);
            settings = settings.withLedger(settings.ledger().withCommitMode(mode));
            Answers answers;
            try (RunningServer server = RunningServer.start(settings, Clock.systemUTC());
                    Connection reader = Answers.reader("jdbc:sqlite:" + file)) {
                answers = new Answers(server.api());
                runOutage(server, disk, answers, mode, reader);
            }
            assertThat(Answers.storedIds("jdbc:sqlite:" + file))
                    .as("every acknowledged decision, and nothing answered 503")
                    .containsExactlyInAnyOrderElementsOf(answers.acknowledged());
        }
    }

    private static void runOutage(
            RunningServer server, SmallDisk disk, Answers answers, CommitMode mode, Connection reader)
            throws SQLException {
        for (int i = 0; i < 50; i++) {
            assertThat(answers.predict().statusCode()).isEqualTo(200);
        }
        String labelled = answers.acknowledged().iterator().next();

        disk.fill();
        int before = answers.acknowledged().size();
        HttpResponse<String> refused = answers.predictUntilRefused(10_000);
        int acknowledgedWhileFull = answers.acknowledged().size() - before;
        assertUnavailable(refused, mode == CommitMode.SYNC ? WRITE_FAILED : CANNOT_WRITE);
        assertThat(acknowledgedWhileFull).as("at most one batch").isLessThanOrEqualTo(2_048);
        for (int i = 0; i < 20; i++) {
            assertUnavailable(answers.predict(), CANNOT_WRITE);
        }
        HttpResponse<String> ready = server.api().get("/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(Json.body(ready).get("reasons").toString()).isEqualTo("[\"prediction log writes are failing\"]");
        assertUnavailable(answers.feedback(labelled, 1), CANNOT_WRITE);
        assertThat(Answers.storedOutcome(reader, labelled)).isNull();

        disk.free();
        long freed = System.nanoTime();
        Await.until(
                "/ready to answer 200",
                Duration.ofSeconds(60),
                () -> server.api().get("/ready").statusCode() == 200);
        double recoverySeconds = (System.nanoTime() - freed) / 1e9;
        for (int i = 0; i < 20; i++) {
            assertThat(answers.predict().statusCode()).isEqualTo(200);
        }
        HttpResponse<String> retried = answers.feedback(labelled, 1);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(Answers.storedOutcome(reader, labelled)).isEqualTo(1);

        Set<String> acknowledged = answers.acknowledged();
        Await.until(
                "every acknowledged decision to be committed",
                Duration.ofSeconds(30),
                () -> server.scrape().value("model_prediction_log_committed_total") == acknowledged.size());
        answers.assertCountersAddUp(server.scrape(), server.server().model().version(), 1, 1);
        assertThat(server.scrape().value("model_feedback_duplicates_total")).isZero();
        System.out.printf(
                "full disk, %s commit: %d decisions acknowledged after the disk filled, %s; log writing again"
                        + " %.2f s after space was freed%n",
                mode.name().toLowerCase(java.util.Locale.ROOT),
                acknowledgedWhileFull,
                answers.predictAnswers(),
                recoverySeconds);
    }
}
