package org.loanmodel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanmodel.e2e.Answers.CANNOT_WRITE;
import static org.loanmodel.e2e.Answers.assertUnavailable;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.ledger.CommitMode;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.CommitCuttingProxy;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.PostgresServer;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;

/**
 * The prediction log on a real PostgreSQL server that goes away: stopped and started again, or
 * (through {@link CommitCuttingProxy}) losing the answer to a commit it has made. Decisions are
 * refused as {@code log_unavailable}, no 503 stands for something kept, outcomes count exactly
 * once across retries, and the service heals by itself.
 */
class PostgresOutageTest {
    private static final String WRITE_FAILED = "prediction log write failed; nothing was stored, retry later";
    private static final String OUTCOME_UNCERTAIN =
            "prediction log lost its connection while committing; retry later, the outcome counts once";
    private static final String DECISION_UNCERTAIN =
            "prediction log lost its connection while committing; the decision will not be kept, retry later";

    private static PostgresServer postgres;
    private RunningServer server;
    private CommitCuttingProxy proxy;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private Answers start(String url, CommitMode mode) {
        ServeSettings settings = ServeSettings.ephemeral(url);
        server = RunningServer.start(settings.withLedger(settings.ledger().withCommitMode(mode)), Clock.systemUTC());
        return new Answers(server.api());
    }

    /** A new database, with the service connecting to it through a proxy that can cut commits. */
    private Answers startBehindProxy(String url, CommitMode mode) throws Exception {
        proxy = CommitCuttingProxy.start(postgres.port());
        return start(url.replace(":" + postgres.port() + "/", ":" + proxy.port() + "/"), mode);
    }

    private String version() {
        return server.server().model().version();
    }

    private double feedbackCounted() {
        return server.scrape().value("model_feedback_total{model_version=\"" + version() + "\",outcome=\"tp\"}");
    }

    private void awaitReady() {
        Await.until(
                "/ready to answer 200",
                Duration.ofSeconds(60),
                () -> server.api().get("/ready").statusCode() == 200);
    }

    private static void predictAcknowledged(Answers answers, int count) {
        for (int i = 0; i < count; i++) {
            assertThat(answers.predict().statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void stoppedDatabaseRefusesDecisionsAsUnavailableAndTheLogHealsOnceItIsBack(CommitMode mode) throws Exception {
        String url = postgres.newDatabase();
        Answers answers = start(url, mode);
        predictAcknowledged(answers, 30);
        String labelled = answers.acknowledged().iterator().next();

        postgres.stop();
        int before = answers.acknowledged().size();
        HttpResponse<String> refused = answers.predictUntilRefused(10_000);
        int acknowledgedWhileDown = answers.acknowledged().size() - before;
        assertUnavailable(refused, mode == CommitMode.SYNC ? WRITE_FAILED : CANNOT_WRITE);
        for (int i = 0; i < 20; i++) {
            assertUnavailable(answers.predict(), CANNOT_WRITE);
        }
        assertThat(server.api().get("/ready").statusCode()).isEqualTo(503);
        assertUnavailable(answers.feedback(labelled, 1), CANNOT_WRITE);

        postgres.restart();
        long restarted = System.nanoTime();
        awaitReady();
        double recoverySeconds = (System.nanoTime() - restarted) / 1e9;
        predictAcknowledged(answers, 20);
        HttpResponse<String> retried = answers.feedback(labelled, 1);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).isEmpty();
        Await.until(
                "every acknowledged decision to be committed",
                Duration.ofSeconds(30),
                () -> server.scrape().value("model_prediction_log_committed_total")
                        == answers.acknowledged().size());
        answers.assertCountersAddUp(server.scrape(), version(), 1, 1);
        server.close();
        server = null;
        assertThat(Answers.storedIds(url)).containsExactlyInAnyOrderElementsOf(answers.acknowledged());
        assertThat(Answers.storedOutcome(url, labelled)).isEqualTo(1);
        System.out.printf(
                "postgres stopped, %s commit: %d decisions acknowledged after it stopped, %s; log writing again"
                        + " %.2f s after it was started again%n",
                mode.name().toLowerCase(java.util.Locale.ROOT),
                acknowledgedWhileDown,
                answers.predictAnswers(),
                recoverySeconds);
    }

    @Test
    void anAuditIdNoDecisionCanHaveIsRefusedBeforePostgresSeesItAndTheLogStaysHealthy() throws Exception {
        String token = "audit-token-0123456789abcdef";
        ServeSettings settings = ServeSettings.ephemeral(postgres.newDatabase()).toBuilder()
                .feedbackTokens(java.util.List.of(token))
                .build();
        server = RunningServer.start(settings, Clock.systemUTC());
        Answers answers = new Answers(server.api());
        for (String id : new String[] {"%00", "a%00b", "%C3%A9t%C3%A9"}) {
            HttpResponse<String> refused = server.api()
                    .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://127.0.0.1:" + server.server().apiPort() + "/predictions/" + id))
                            .header("Authorization", "Bearer " + token)
                            .GET());
            assertThat(refused.statusCode()).as(id).isEqualTo(400);
            assertThat(Json.body(refused).get("code").asText()).isEqualTo("invalid_id");
            // Before the check, PostgreSQL refused the NUL, the log counted a failure and backed
            // off, and the decisions of the next 50 ms answered 503.
            assertThat(answers.predict().statusCode())
                    .as("a decision right after " + id)
                    .isEqualTo(200);
        }
        assertThat(server.scrape().value("model_prediction_log_write_failures_total"))
                .isZero();
    }

    @Test
    void commitWhoseAnswerIsLostIsAnsweredFromTheDatabasesRecord() throws Exception {
        String url = postgres.newDatabase();
        Answers answers = startBehindProxy(url, CommitMode.SYNC);
        predictAcknowledged(answers, 5);
        String labelled = answers.acknowledged().iterator().next();

        proxy.loseNextCommitAnswer();
        assertThat(answers.predict().statusCode()).isEqualTo(200);
        proxy.loseNextCommitAnswer();
        HttpResponse<String> feedback = answers.feedback(labelled, 1);
        assertThat(feedback.statusCode()).isEqualTo(200);
        assertThat(feedback.headers().firstValue("Idempotent-Replayed")).isEmpty();

        assertThat(proxy.cuts()).isEqualTo(2);
        assertThat(Answers.storedIds(url)).containsExactlyInAnyOrderElementsOf(answers.acknowledged());
        assertThat(Answers.storedOutcome(url, labelled)).isEqualTo(1);
        assertThat(feedbackCounted()).isEqualTo(1);
        assertThat(server.scrape().value("model_errors_total{reason=\"log_unavailable\"}"))
                .isZero();
    }

    @Test
    void feedbackAnswered503WhoseCommitLandedCountsOnceWhenTheDatabaseCanBeAskedAgain() throws Exception {
        String url = postgres.newDatabase();
        Answers answers = startBehindProxy(url, CommitMode.ASYNC);
        predictAcknowledged(answers, 5);
        String labelled = answers.acknowledged().iterator().next();
        Await.until(
                "the decisions to be committed",
                Duration.ofSeconds(30),
                () -> server.scrape().value("model_prediction_log_committed_total") == 5);

        proxy.loseNextCommitAnswerThenRefuse();
        assertUnavailable(answers.feedback(labelled, 1), OUTCOME_UNCERTAIN);
        assertThat(Answers.storedOutcome(url, labelled))
                .as("stored though answered 503")
                .isEqualTo(1);
        assertUnavailable(answers.feedback(labelled, 1), CANNOT_WRITE);
        assertThat(feedbackCounted()).isZero();

        proxy.acceptConnections();
        awaitReady();
        Await.until("the outcome to be counted", Duration.ofSeconds(30), () -> feedbackCounted() == 1);
        HttpResponse<String> retried = answers.feedback(labelled, 1);
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(Json.body(retried).get("actual_outcome").asInt()).isEqualTo(1);
        Scrape scrape = server.scrape();
        assertThat(feedbackCounted()).isEqualTo(1);
        assertThat(scrape.value("model_feedback_duplicates_total")).isEqualTo(1);
        assertThat(scrape.value("model_feedback_rejected_total{reason=\"log_unavailable\"}"))
                .isEqualTo(2);
    }

    @Test
    void decisionAnswered503WhoseCommitLandedIsDeletedWhenTheDatabaseCanBeAskedAgain() throws Exception {
        String url = postgres.newDatabase();
        Answers answers = startBehindProxy(url, CommitMode.SYNC);
        predictAcknowledged(answers, 5);

        proxy.loseNextCommitAnswerThenRefuse();
        assertUnavailable(answers.predict(), DECISION_UNCERTAIN);
        assertThat(Answers.storedIds(url)).as("stored though answered 503").hasSize(6);
        assertUnavailable(answers.predict(), CANNOT_WRITE);

        proxy.acceptConnections();
        awaitReady();
        Await.until(
                "the decision answered 503 to be deleted",
                Duration.ofSeconds(30),
                () -> Answers.storedIds(url).size() == 5);
        predictAcknowledged(answers, 5);
        assertThat(Answers.storedIds(url)).containsExactlyInAnyOrderElementsOf(answers.acknowledged());
        assertThat(server.scrape().value("model_errors_total{reason=\"log_unavailable\"}"))
                .isEqualTo(2);
    }
}
