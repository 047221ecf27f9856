package org.loanmodel.service;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.loanmodel.ledger.LogOverloadedException;
import org.loanmodel.ledger.LogUnavailableException;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.ledger.PredictionRecord;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.monitoring.DriftMonitor;
import org.loanmodel.monitoring.ServingMetrics;
import org.loanmodel.monitoring.ServingMetrics.ErrorReason;

/**
 * Decides loan applications: scores them, logs the decision and reports it to monitoring. Knows
 * nothing of HTTP.
 */
public final class PredictionService {
    private final LoanModel model;
    private final PredictionLog log;
    private final ServingMetrics metrics;
    private final DriftMonitor drift;
    private final PredictionIds ids;
    private final Clock clock;

    public PredictionService(
            LoanModel model,
            PredictionLog log,
            ServingMetrics metrics,
            DriftMonitor drift,
            PredictionIds ids,
            Clock clock) {
        this.model = model;
        this.log = log;
        this.metrics = metrics;
        this.drift = drift;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Decides one application.
     *
     * @param startNanos {@link System#nanoTime()} when the request arrived, for the latency metric
     * @return completes with the decision once it counts as logged; fails with {@link
     *     LogUnavailableException} when the log could not store it
     * @throws LogOverloadedException when the log is too far behind to accept it
     */
    public CompletionStage<Decision> decide(LoanApplication application, long startNanos) {
        double probability = model.probability(application);
        int approval = model.approval(probability);
        Decision decision = new Decision(ids.next(), clock.millis(), model.version(), probability, approval);
        CompletionStage<Void> stored;
        try {
            stored = log.append(new PredictionRecord(decision, application));
        } catch (LogOverloadedException e) {
            metrics.recordPredictionError(ErrorReason.OVERLOADED);
            throw e;
        } catch (LogUnavailableException e) {
            metrics.recordPredictionError(ErrorReason.LOG_UNAVAILABLE);
            throw e;
        }
        CompletableFuture<Void> future = stored.toCompletableFuture();
        if (future.isDone() && !future.isCompletedExceptionally()) {
            served(decision, application, startNanos);
            return CompletableFuture.completedFuture(decision);
        }
        return future.handle((ignored, failure) -> {
            if (failure != null) {
                metrics.recordPredictionError(ErrorReason.LOG_UNAVAILABLE);
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            served(decision, application, startNanos);
            return decision;
        });
    }

    private void served(Decision decision, LoanApplication application, long startNanos) {
        metrics.recordPrediction(
                application, decision.probability(), decision.approvalStatus(), (System.nanoTime() - startNanos) / 1e9);
        drift.observe(application, decision.probability());
    }

    /** Counts a request that was refused before it reached the model. */
    public void rejected(ErrorReason reason) {
        metrics.recordPredictionError(reason);
    }

    public LoanModel model() {
        return model;
    }
}
