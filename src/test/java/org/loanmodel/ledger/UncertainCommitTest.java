package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.loanmodel.ledger.LedgerFixtures.START;
import static org.loanmodel.ledger.LedgerFixtures.join;
import static org.loanmodel.ledger.LedgerFixtures.label;
import static org.loanmodel.ledger.LedgerFixtures.record;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.monitoring.QualityMonitor;
import org.loanmodel.monitoring.ServingMetrics;
import org.loanmodel.service.FeedbackRequest;
import org.loanmodel.service.FeedbackResult;
import org.loanmodel.service.FeedbackService;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.Databases;
import org.loanmodel.testing.MutableClock;
import org.loanmodel.testing.Scrape;
import org.loanmodel.training.LoanDataGenerator;

/**
 * What the writer does when the answer to a commit is lost: asked at once, the database's answer
 * decides; asked later, decisions answered 503 are deleted if they were stored after all, and
 * outcomes answered 503 are counted once, by whichever transaction stored them.
 */
class UncertainCommitTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private final List<PredictionLog> opened = new ArrayList<>();
    private FaultyStore store;

    @AfterEach
    void close() {
        opened.forEach(PredictionLog::close);
    }

    private PredictionLog open(CommitMode mode) throws StoreException {
        LedgerSettings settings = LedgerSettings.defaults(file()).withCommitMode(mode);
        store = new FaultyStore(JdbcPredictionStore.open(settings, LoanDataGenerator.SCHEMA));
        PredictionLog log = BatchingWriter.start(store, settings, LedgerListener.NONE, clock);
        opened.add(log);
        return log;
    }

    private String file() {
        return dir.resolve("log.db").toString();
    }

    private List<String> storedIds() {
        return Databases.column("jdbc:sqlite:" + file(), "SELECT prediction_id FROM predictions");
    }

    @Test
    void lostAnswerToACommitTheDatabaseConfirmsIsAnsweredAsStored() throws StoreException {
        PredictionLog log = open(CommitMode.SYNC);
        store.fateIs(PredictionStore.Fate.COMMITTED);
        store.loseNextCommitAnswer(true);
        stored(log, record("p1", 1, 1));
        store.loseNextCommitAnswer(true);
        assertThat(join(log.label(label("p1", 1, 2))).status()).isEqualTo(LabelResult.Status.RECORDED);
        assertThat(log.backlog().failing()).isFalse();
        assertThat(log.rows()).isEqualTo(1);
    }

    @Test
    void lostAnswerToACommitTheDatabaseSaysWasRolledBackIsAnsweredAsNotStored() throws StoreException {
        PredictionLog log = open(CommitMode.SYNC);
        store.fateIs(PredictionStore.Fate.ROLLED_BACK);
        store.loseNextCommitAnswer(false);
        assertThatThrownBy(() -> join(log.append(record("p1", 1, 1))))
                .cause()
                .isExactlyInstanceOf(LogUnavailableException.class)
                .hasMessage("prediction log write failed; nothing was stored, retry later");
        assertThat(storedIds()).isEmpty();
    }

    @Test
    void syncDecisionAnswered503WhoseTransactionCommittedAfterAllIsDeleted() throws StoreException {
        PredictionLog log = open(CommitMode.SYNC);
        store.loseNextCommitAnswer(true);
        assertThatThrownBy(() -> join(log.append(record("orphan", 1, 1))))
                .cause()
                .isInstanceOf(LogUnavailableException.class)
                .hasMessage("prediction log lost its connection while committing; the decision will not be kept,"
                        + " retry later");
        assertThat(storedIds()).containsExactly("orphan");
        store.fateIs(PredictionStore.Fate.COMMITTED);
        Await.until(
                "the decision answered 503 to be deleted",
                Duration.ofSeconds(20),
                () -> storedIds().isEmpty());
        join(log.append(record("next", 2, 1)));
        assertThat(storedIds()).containsExactly("next");
    }

    @Test
    void acknowledgedDecisionWhoseCommitAnswerWasLostIsStoredOnceAndCountedOnce() throws StoreException {
        PredictionLog log = open(CommitMode.ASYNC);
        store.loseNextCommitAnswer(true);
        join(log.append(record("acknowledged", 1, 1)));
        Await.until("the retry to store it", Duration.ofSeconds(20), () -> log.rows() == 1);
        assertThat(storedIds()).containsExactly("acknowledged");
        assertThat(log.backlog().failing()).isFalse();
    }

    @Test
    void outcomeOfUnknownFateSettlesAsStoredOnceTheDatabaseSaysItCommitted() throws StoreException {
        PredictionLog log = open(CommitMode.ASYNC);
        stored(log, record("p1", 1, 1));
        store.loseNextCommitAnswer(true);
        CompletableFuture<Optional<LabelResult>> settled = uncertain(log.label(label("p1", 1, 10)));
        store.fateIs(PredictionStore.Fate.COMMITTED);
        Await.until("the outcome's fate to be settled", Duration.ofSeconds(20), settled::isDone);
        assertThat(settled.join().orElseThrow().status()).isEqualTo(LabelResult.Status.RECORDED);
        awaitRecovery(log);
        assertThat(join(log.label(label("p1", 1, 11))).status()).isEqualTo(LabelResult.Status.DUPLICATE);
    }

    @Test
    void outcomeOfUnknownFateThatWasRolledBackSettlesAsNotStoredAndItsRetryStoresIt() throws StoreException {
        PredictionLog log = open(CommitMode.ASYNC);
        stored(log, record("p1", 1, 1));
        store.loseNextCommitAnswer(false);
        CompletableFuture<Optional<LabelResult>> settled = uncertain(log.label(label("p1", 0, 10)));
        store.fateIs(PredictionStore.Fate.ROLLED_BACK);
        Await.until("the outcome's fate to be settled", Duration.ofSeconds(20), settled::isDone);
        assertThat(settled.join()).isEmpty();
        awaitRecovery(log);
        assertThat(join(log.label(label("p1", 0, 11))).status()).isEqualTo(LabelResult.Status.RECORDED);
    }

    /** The label's failure, which must say its commit is unknown; returns its settlement, not done yet. */
    private static CompletableFuture<Optional<LabelResult>> uncertain(CompletionStage<LabelResult> label) {
        CompletionException failure = catchThrowableOfType(CompletionException.class, () -> join(label));
        assertThat(failure.getCause())
                .isInstanceOf(UncertainLabelException.class)
                .hasMessage("prediction log lost its connection while committing; retry later, the outcome counts"
                        + " once");
        CompletableFuture<Optional<LabelResult>> settled =
                ((UncertainLabelException) failure.getCause()).eventually().toCompletableFuture();
        assertThat(settled).isNotDone();
        return settled;
    }

    /** Appends a decision and waits until it is stored, so that the next fault hits the next write. */
    private static void stored(PredictionLog log, PredictionRecord decision) {
        join(log.append(decision));
        assertThat(join(log.find(decision.decision().predictionId()))).isPresent();
    }

    private static void awaitRecovery(PredictionLog log) {
        Await.until(
                "the log to recover",
                Duration.ofSeconds(20),
                () -> !log.backlog().failing());
    }

    @Test
    void feedbackAnswered503WhoseOutcomeWasStoredCountsOnceThoughItsRetryCameFirst() throws StoreException {
        PredictionLog log = open(CommitMode.ASYNC);
        LoanModel model = ModelArtifact.loadDefault();
        ServingMetrics metrics = new ServingMetrics(new PrometheusRegistry(), model);
        FeedbackService feedback = new FeedbackService(
                log,
                new FeedbackService.Monitors(
                        new QualityMonitor(100), metrics.feedback(), metrics.segments(), metrics.overrides()),
                clock,
                true);
        stored(log, record("p1", 1, 1));
        FeedbackRequest request = new FeedbackRequest("p1", 1, null);

        store.loseNextCommitAnswer(true);
        assertThatThrownBy(() -> join(feedback.submit(request))).cause().isInstanceOf(UncertainLabelException.class);
        awaitRecovery(log);
        // The retry finds the outcome stored by the transaction whose fate is still unknown.
        FeedbackResult retry = join(feedback.submit(request));
        assertThat(retry.replay()).isTrue();
        assertThat(feedbackTotal(metrics)).isZero();

        store.fateIs(PredictionStore.Fate.COMMITTED);
        Await.until("the outcome to be counted", Duration.ofSeconds(20), () -> feedbackTotal(metrics) == 1);
        assertThat(join(feedback.submit(request)).replay()).isTrue();
        assertThat(feedbackTotal(metrics)).isEqualTo(1);
        assertThat(scrape(metrics)
                        .value("model_feedback_total{model_version=\"" + LedgerFixtures.MODEL_VERSION
                                + "\",outcome=\"tp\"}"))
                .isEqualTo(1);
    }

    private static double feedbackTotal(ServingMetrics metrics) {
        return scrape(metrics).samples().entrySet().stream()
                .filter(sample -> sample.getKey().startsWith("model_feedback_total{"))
                .mapToDouble(java.util.Map.Entry::getValue)
                .sum();
    }

    private static Scrape scrape(ServingMetrics metrics) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return Scrape.parse(out.toString(StandardCharsets.UTF_8));
    }
}
