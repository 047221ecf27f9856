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
import org.loanmodel.model.ChallengerDecision;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.monitoring.ChallengerMetrics;
import org.loanmodel.monitoring.DriftMonitor;
import org.loanmodel.monitoring.InputQualityMetrics;
import org.loanmodel.monitoring.PredictionMetrics;
import org.loanmodel.monitoring.PredictionMetrics.Failure;
import org.loanmodel.monitoring.SegmentMetrics;
import org.loanmodel.registry.ServingModels;
import org.loanmodel.segments.MonitoringAttributes;

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
        this(models, challengerMetrics, log, monitors, ids, clock, true);
    }

    /**
     * @param reasons whether denials answer their adverse-action reasons and keep their
     *     contributions
     */
    public PredictionService(
            Supplier<ServingModels> models,
            ChallengerMetrics challengerMetrics,
            PredictionLog log,
            Monitors monitors,
            PredictionIds ids,
            Clock clock,
            boolean reasons) {
        this(models, challengerMetrics, log, monitors, ids, clock, new DecisionExplainers(reasons));
    }

    private PredictionService(
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
        explainers.prepare(models.get().champion());
        this.log = log;
        this.monitors = monitors;
        this.metrics = monitors.metrics();
        this.ids = ids;
        this.clock = clock;
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
        return decide(application, attributes, startNanos, models.get());
    }

    /**
     * Decides a batch with one set of models, so a role change in the middle cannot split it across
     * versions; the first refusal by the log stops it (decisions before it stand).
     */
    public List<CompletableFuture<Decision>> decideAll(List<LoanApplication> applications, long startNanos) {
        ServingModels serving = models.get();
        List<CompletableFuture<Decision>> decisions = new ArrayList<>(applications.size());
        for (LoanApplication application : applications) {
            decisions.add(decide(application, MonitoringAttributes.NONE, startNanos, serving)
                    .toCompletableFuture());
        }
        return decisions;
    }

    private CompletionStage<Decision> decide(
            LoanApplication application, MonitoringAttributes attributes, long startNanos, ServingModels serving) {
        LoanModel champion = serving.champion();
        double probability = champion.probability(application);
        int approval = champion.approval(probability);
        DecisionExplainers.Denial denial = explainers.denial(champion, application, approval);
        Decision decision = new Decision(
                ids.next(),
                clock.millis(),
                champion.version(),
                probability,
                approval,
                denial.reasons(),
                denial.attribution());
        List<ChallengerDecision> shadows = shadows(serving.challengers(), application);
        CompletionStage<Void> stored;
        try {
            stored = log.append(new PredictionRecord(decision, application, attributes.values(), shadows));
        } catch (LogOverloadedException e) {
            metrics.recordFailed(Failure.OVERLOADED);
            throw e;
        } catch (LogUnavailableException e) {
            metrics.recordFailed(Failure.LOG_UNAVAILABLE);
            throw e;
        }
        CompletableFuture<Void> future = stored.toCompletableFuture();
        if (future.isDone() && !future.isCompletedExceptionally()) {
            served(decision, application, attributes, shadows, startNanos);
            return CompletableFuture.completedFuture(decision);
        }
        return future.handle((ignored, failure) -> {
            if (failure != null) {
                metrics.recordFailed(Failure.LOG_UNAVAILABLE);
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            served(decision, application, attributes, shadows, startNanos);
            return decision;
        });
    }

    /** Every challenger's decision for the application; none when there are no challengers. */
    private static List<ChallengerDecision> shadows(List<LoanModel> challengers, LoanApplication application) {
        if (challengers.isEmpty()) {
            return List.of();
        }
        List<ChallengerDecision> decisions = new ArrayList<>(challengers.size());
        for (LoanModel challenger : challengers) {
            double probability = challenger.probability(application);
            decisions.add(new ChallengerDecision(challenger.version(), probability, challenger.approval(probability)));
        }
        return decisions;
    }

    private void served(
            Decision decision,
            LoanApplication application,
            MonitoringAttributes attributes,
            List<ChallengerDecision> shadows,
            long startNanos) {
        metrics.recordDecision(application, decision, (System.nanoTime() - startNanos) / 1e9);
        monitors.drift().observe(application, decision.probability());
        monitors.segments().recordDecision(application, attributes, decision);
        monitors.inputs().record(application);
        // Counted with the decision they shadow: a request refused by the log counts for no model.
        for (ChallengerDecision shadow : shadows) {
            challengerMetrics.recordShadow(shadow.modelVersion(), shadow.approvalStatus() == decision.approvalStatus());
        }
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

    /** Builds the explainer of a model about to be served, so no request waits for it. */
    public void prepare(LoanModel model) {
        explainers.prepare(model);
    }

    /** Counts a request refused before it reached the model: bad body, media type or size. */
    public void rejectedInvalid() {
        metrics.recordFailed(Failure.INVALID_INPUT);
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
