package org.loanmodel.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.loanmodel.explain.Explanation;
import org.loanmodel.ledger.LogOverloadedException;
import org.loanmodel.ledger.LogUnavailableException;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.ledger.PredictionRecord;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ReasonWord;
import org.loanmodel.monitoring.ChallengerMetrics;
import org.loanmodel.monitoring.DriftMonitor;
import org.loanmodel.monitoring.InputQualityMetrics;
import org.loanmodel.monitoring.PredictionMetrics;
import org.loanmodel.monitoring.PredictionMetrics.Failure;
import org.loanmodel.monitoring.SegmentMetrics;
import org.loanmodel.registry.ServingModels;
import org.loanmodel.segments.MonitoringAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides loan applications: scores them, logs the decision with the request's monitoring
 * attributes and reports it to monitoring. The model never sees an attribute. Knows nothing of
 * HTTP.
 */
public final class PredictionService {
    /**
     * Where answered decisions are counted.
     *
     * @param metrics requests, latency, classes, features, expected quality
     * @param drift the reference-bin counters and the sliding window
     * @param segments decisions by segment and group
     * @param inputs inputs beyond the training data, and absent ones
     */
    public record Monitors(
            PredictionMetrics metrics, DriftMonitor drift, SegmentMetrics segments, InputQualityMetrics inputs) {}

    private static final Logger LOG = LoggerFactory.getLogger(PredictionService.class);

    private final Supplier<ServingModels> models;
    private final DecisionExplainers explainers;
    private final ChallengerMetrics challengerMetrics;
    private final PredictionLog log;
    private final Monitors monitors;
    private final PredictionMetrics metrics;
    private final PredictionIds ids;
    private final Clock clock;

    /** A service that serves one model, no challengers. */
    public PredictionService(LoanModel model, PredictionLog log, Monitors monitors, PredictionIds ids, Clock clock) {
        this(() -> ServingModels.of(model), null, log, monitors, ids, clock);
    }

    /**
     * @param models the champion and challengers of the moment, read once per request
     * @param challengerMetrics where challengers' shadow decisions are counted
     */
    public PredictionService(
            Supplier<ServingModels> models,
            ChallengerMetrics challengerMetrics,
            PredictionLog log,
            Monitors monitors,
            PredictionIds ids,
            Clock clock) {
        this(models, challengerMetrics, log, monitors, ids, clock, new DecisionExplainers(true));
    }

    /** @param explainers how denials are explained and which reasons they are given */
    public PredictionService(
            Supplier<ServingModels> models,
            ChallengerMetrics challengerMetrics,
            PredictionLog log,
            Monitors monitors,
            PredictionIds ids,
            Clock clock,
            DecisionExplainers explainers) {
        this.models = models;
        this.explainers = explainers;
        this.challengerMetrics = challengerMetrics;
        this.log = log;
        this.monitors = monitors;
        this.metrics = monitors.metrics();
        this.ids = ids;
        this.clock = clock;
        prepare(models.get().champion());
    }

    /** Decides one application whose request carried no monitoring attributes. */
    public CompletionStage<Decision> decide(LoanApplication application, long startNanos) {
        return decide(application, MonitoringAttributes.NONE, startNanos);
    }

    /**
     * Decides one application.
     *
     * @param attributes what the request carried for monitoring only: stored and counted, not scored
     * @param startNanos {@link System#nanoTime()} when the request arrived, for the latency metric
     * @return completes with the decision once it counts as logged; fails with {@link
     *     LogUnavailableException} when the log could not store it
     * @throws LogOverloadedException when the log is too far behind to accept it
     */
    public CompletionStage<Decision> decide(
            LoanApplication application, MonitoringAttributes attributes, long startNanos) {
        CompletableFuture<List<Decision>> decided =
                decideRows(List.of(application), attributes, startNanos, models.get());
        if (decided.isDone() && !decided.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(decided.join().get(0));
        }
        return decided.thenApply(decisions -> decisions.get(0));
    }

    /**
     * Decides the rows of one request with one set of models, so a role change in the middle cannot
     * split it across versions. Each row is scored, explained, logged and counted exactly as one
     * {@link #decide} would; the rows are admitted to the log together (all or none) and recorded
     * in the metrics once per batch.
     *
     * @param startNanos {@link System#nanoTime()} when the request arrived, for the latency metric
     * @return completes with the decisions in row order once they count as logged; fails with
     *     {@link LogUnavailableException} when the log could not store them
     * @throws LogOverloadedException when the log has no room for all of them; none is logged
     */
    public CompletableFuture<List<Decision>> decideAll(List<LoanApplication> applications, long startNanos) {
        return decideRows(applications, MonitoringAttributes.NONE, startNanos, models.get());
    }

    /** The one path of every decision: a request's rows, which share its monitoring attributes. */
    private CompletableFuture<List<Decision>> decideRows(
            List<LoanApplication> applications,
            MonitoringAttributes attributes,
            long startNanos,
            ServingModels serving) {
        Scored scored = score(applications, attributes, serving);
        CompletableFuture<Void> stored = admit(scored.records()).toCompletableFuture();
        if (stored.isDone() && !stored.isCompletedExceptionally()) {
            served(applications, attributes, scored, startNanos);
            return CompletableFuture.completedFuture(scored.decisions());
        }
        return stored.handle((ignored, failure) -> {
            if (failure != null) {
                metrics.recordFailed(Failure.LOG_UNAVAILABLE, applications.size());
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            served(applications, attributes, scored, startNanos);
            return scored.decisions();
        });
    }

    /**
     * A request's rows as decided, before the log has them.
     *
     * @param decisions the champion's, in row order
     * @param records what the log is to store, same order
     * @param scores each row's approval probability, same order
     * @param shadows the challengers' agreement, to count once the rows are logged
     */
    private record Scored(
            List<Decision> decisions, List<PredictionRecord> records, double[] scores, ShadowTally shadows) {}

    /** Scores, explains and identifies every row with the champion, and in its shadow the challengers. */
    private Scored score(List<LoanApplication> applications, MonitoringAttributes attributes, ServingModels serving) {
        LoanModel champion = serving.champion();
        int rows = applications.size();
        List<Decision> decisions = new ArrayList<>(rows);
        List<PredictionRecord> records = new ArrayList<>(rows);
        double[] scores = new double[rows];
        ShadowTally shadows = new ShadowTally(serving.challengers());
        long now = clock.millis();
        DecisionExplainers.Scorer scorer = explainers.scorer(champion);
        for (int row = 0; row < rows; row++) {
            LoanApplication application = applications.get(row);
            double probability = scorer.probability(application);
            int approval = champion.approval(probability);
            DecisionExplainers.Denial denial = scorer.denial(approval);
            Decision decision = new Decision(
                    ids.next(now),
                    now,
                    champion.version(),
                    probability,
                    approval,
                    denial.reasons(),
                    denial.attribution());
            decisions.add(decision);
            scores[row] = probability;
            records.add(new PredictionRecord(
                    decision, application, attributes.values(), shadows.score(application, approval)));
        }
        return new Scored(decisions, records, scores, shadows);
    }

    /** Hands the records to the log, counting every row as failed when it refuses them. */
    private CompletionStage<Void> admit(List<PredictionRecord> records) {
        try {
            return log.appendAll(records);
        } catch (LogOverloadedException e) {
            metrics.recordFailed(Failure.OVERLOADED, records.size());
            throw e;
        } catch (LogUnavailableException e) {
            metrics.recordFailed(Failure.LOG_UNAVAILABLE, records.size());
            throw e;
        }
    }

    /** Counts the logged rows of one request in every monitor, once per batch. */
    private void served(
            List<LoanApplication> applications, MonitoringAttributes attributes, Scored scored, long startNanos) {
        metrics.recordDecisions(applications, scored.decisions(), (System.nanoTime() - startNanos) / 1e9);
        monitors.drift().observeAll(applications, scored.scores());
        monitors.segments().recordDecisions(applications, attributes, scored.decisions());
        monitors.inputs().recordAll(applications);
        // Counted with the decisions they shadow: a request refused by the log counts for no model.
        scored.shadows().report(challengerMetrics);
    }

    /**
     * Every feature's contribution to the raw output of the model that made {@code decision}, for an
     * answer that asks for it; empty when that model is no longer served or cannot explain.
     */
    public Optional<Explanation> explanation(Decision decision, LoanApplication application) {
        ServingModels serving = models.get();
        if (serving.champion().version().equals(decision.modelVersion())) {
            return explainers.explanation(serving.champion(), application);
        }
        return Optional.empty();
    }

    /**
     * A service that decides with the same models, explainers and clock but logs and reports to
     * others: a throwaway copy whose decisions count nowhere that matters. It shares the very
     * objects it calls (not copies of them), so that code compiled while the copy decides is the code
     * this service runs.
     */
    public PredictionService reportingTo(
            ChallengerMetrics challengers, PredictionLog otherLog, Monitors others, PredictionIds otherIds) {
        return new PredictionService(models, challengers, otherLog, others, otherIds, clock, explainers);
    }

    /**
     * Builds the explainer of a model about to be served, so no request waits for it, and, when its
     * denials get reasons, the series of {@code model_adverse_action_reasons_total} its schema can
     * name (at zero, so a rate over them exists before the first denial) and the log's record of
     * their words: its first denials are then stored as every later one is, and the warm-up's log
     * (recording the same ahead) compiles the writer's path for them.
     */
    public void prepare(LoanModel model) {
        explainers.prepare(model);
        List<ReasonWord> words = explainers.words(model);
        if (!words.isEmpty()) {
            metrics.prepareReasons(
                    model.version(),
                    words.stream().map(ReasonWord::code).distinct().toList());
            try {
                log.recordWords(model.version(), words);
            } catch (LogUnavailableException | LogOverloadedException e) {
                // Then the log records them with the first denial that names them, as it can.
                LOG.warn("the reason words of model {} are not recorded ahead: {}", model.version(), e.getMessage());
            }
        }
    }

    /** Counts a request refused before it reached the model: bad body, media type or size. */
    public void rejectedInvalid() {
        metrics.recordFailed(Failure.INVALID_INPUT);
    }

    /** Counts a request refused before its body was read, because the server held as many as it can. */
    public void refusedOverloaded() {
        metrics.recordFailed(Failure.OVERLOADED);
    }

    /** Counts a request that failed inside the service before it reached the model. */
    public void failedInternally() {
        metrics.recordFailed(Failure.INTERNAL);
    }

    /** The champion of the moment. */
    public LoanModel model() {
        return models.get().champion();
    }
}
