package org.loanmodel.service;

import java.time.Clock;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.loanmodel.ledger.LabelRequest;
import org.loanmodel.ledger.LabelResult;
import org.loanmodel.ledger.LabelResult.Status;
import org.loanmodel.ledger.LogOverloadedException;
import org.loanmodel.ledger.LogUnavailableException;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.ledger.UncertainLabelException;
import org.loanmodel.model.ChallengerDecision;
import org.loanmodel.model.ConfusionCell;
import org.loanmodel.monitoring.FeedbackMetrics;
import org.loanmodel.monitoring.FeedbackMetrics.Rejection;
import org.loanmodel.monitoring.OverrideDirection;
import org.loanmodel.monitoring.OverrideMetrics;
import org.loanmodel.monitoring.QualityMonitor;
import org.loanmodel.monitoring.SegmentMetrics;

/**
 * Joins ground truth and the lender's final decisions to logged decisions, each once per
 * prediction, and feeds the quality, segment and override metrics.
 *
 * <p>The logged decision is the truth about what was predicted, and about the applicant's segments:
 * a client's {@code predicted_outcome} that disagrees is reported, not trusted, and an outcome is
 * counted in the groups of the decision as logged. An id the service never issued is accepted only
 * for an outcome alone with {@code predicted_outcome} (the original system's form) and counted apart
 * as unverified; a final decision always needs a logged decision.
 */
public final class FeedbackService {
    /**
     * Where ground truth is counted.
     *
     * @param quality the rolling window behind {@code model_accuracy}
     * @param feedback outcomes, label delay, duplicates and refusals
     * @param segments outcomes by segment and group
     * @param overrides final decisions by override direction
     */
    public record Monitors(
            QualityMonitor quality, FeedbackMetrics feedback, SegmentMetrics segments, OverrideMetrics overrides) {}

    private final PredictionLog log;
    private final Monitors monitors;
    private final FeedbackMetrics metrics;
    private final Clock clock;
    private final boolean acceptUnverified;

    /**
     * @param acceptUnverified whether an id the service never issued is taken on the client's word
     *     when it carries {@code predicted_outcome} (the original system's form); when false it
     *     answers as unknown and nothing is stored
     */
    public FeedbackService(PredictionLog log, Monitors monitors, Clock clock, boolean acceptUnverified) {
        this.log = log;
        this.monitors = monitors;
        this.metrics = monitors.feedback();
        this.clock = clock;
        this.acceptUnverified = acceptUnverified;
    }

    /**
     * Records one outcome, and the final decision when the request carries one: both or, when
     * either contradicts what is on record, neither.
     *
     * @return completes with what was established, or fails with {@link
     *     UnknownPredictionException}, {@link LabelConflictException}, {@link
     *     FinalDecisionConflictException} or {@link LogUnavailableException}
     * @throws LogOverloadedException when the log is too far behind to accept it
     */
    public CompletionStage<FeedbackResult> submit(FeedbackRequest request) {
        int claimed = request.predictedOutcome() == null || !acceptUnverified ? -1 : request.predictedOutcome();
        int finalDecision = request.finalDecision() == null ? LabelRequest.NONE : request.finalDecision();
        return store(
                        new LabelRequest(
                                request.predictionId(),
                                request.actualOutcome(),
                                claimed,
                                clock.millis(),
                                finalDecision),
                        later -> {
                            countFinalDecision(later);
                            if (later.status() == Status.RECORDED) {
                                countOutcome(request, later);
                            }
                        })
                .thenApply(result -> settle(request, result));
    }

    /**
     * Records the lender's final decision on a logged decision, once.
     *
     * @return completes with what was established, or fails with {@link
     *     UnknownPredictionException}, {@link FinalDecisionConflictException} or {@link
     *     LogUnavailableException}
     * @throws LogOverloadedException when the log is too far behind to accept it
     */
    public CompletionStage<FinalDecisionResult> submitFinalDecision(FinalDecisionRequest request) {
        return store(
                        LabelRequest.finalDecision(request.predictionId(), request.finalDecision(), clock.millis()),
                        this::countFinalDecision)
                .thenApply(result -> settleFinalDecision(request, result));
    }

    /** Counts a request refused before it reached the log: bad body, media type or size. */
    public void rejectedInvalid() {
        metrics.recordRejected(Rejection.INVALID_INPUT);
    }

    /**
     * Stores a label; answers 503 when the log cannot. When the commit's fate is unknown (a lost
     * answer from the database), what it stored is counted by {@code countLater} once the fate is
     * known, and a retry finds it already stored and counts nothing more.
     */
    private CompletionStage<LabelResult> store(LabelRequest label, Consumer<LabelResult> countLater) {
        CompletionStage<LabelResult> stored;
        try {
            stored = log.label(label);
        } catch (LogOverloadedException | LogUnavailableException e) {
            metrics.recordRejected(Rejection.LOG_UNAVAILABLE);
            throw e;
        }
        return stored.handle((result, failure) -> {
            if (failure != null) {
                metrics.recordRejected(Rejection.LOG_UNAVAILABLE);
                throw unavailable(failure, countLater);
            }
            return result;
        });
    }

    private static LogUnavailableException unavailable(Throwable failure, Consumer<LabelResult> countLater) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof UncertainLabelException uncertain) {
            uncertain
                    .eventually()
                    .thenAccept(result -> result.filter(
                                    r -> r.status() == Status.RECORDED || r.finalStatus() == Status.RECORDED)
                            .ifPresent(countLater));
        }
        if (cause instanceof LogUnavailableException unavailable) {
            return unavailable;
        }
        return new LogUnavailableException("prediction log unavailable: " + cause.getMessage(), cause);
    }

    private FeedbackResult settle(FeedbackRequest request, LabelResult result) {
        if (result.status() == Status.UNKNOWN) {
            metrics.recordRejected(Rejection.UNKNOWN_PREDICTION);
            throw request.finalDecision() == null
                    ? new UnknownPredictionException(request.predictionId())
                    : UnknownPredictionException.forFinalDecision(request.predictionId());
        }
        // Whatever was stored now is counted, even beside a part refused below (possible only when
        // another replica wrote the same prediction between this request's two statements).
        OverrideDirection override = countFinalDecision(result);
        boolean mismatch = false;
        if (result.status() == Status.RECORDED || result.status() == Status.DUPLICATE) {
            mismatch = countOutcome(request, result);
        }
        refuseConflicts(request.predictionId(), result, request.actualOutcome(), request.finalDecision());
        ConfusionCell cell = ConfusionCell.of(result.predictedOutcome(), result.actualOutcome());
        boolean replay = result.status() == Status.DUPLICATE && result.finalStatus() != Status.RECORDED;
        return new FeedbackResult(
                request.predictionId(),
                result.actualOutcome(),
                result.predictedOutcome(),
                cell,
                result.verified(),
                mismatch,
                result.modelVersion(),
                labelDelay(result),
                monitors.quality().snapshot().accuracy(),
                replay,
                request.finalDecision() == null ? null : result.finalDecision(),
                override);
    }

    /** Counts the outcome if stored now, else the replay; returns whether the client's prediction disagreed. */
    private boolean countOutcome(FeedbackRequest request, LabelResult result) {
        ConfusionCell cell = ConfusionCell.of(result.predictedOutcome(), result.actualOutcome());
        boolean mismatch = result.verified()
                && request.predictedOutcome() != null
                && request.predictedOutcome() != result.predictedOutcome();
        if (result.status() == Status.DUPLICATE) {
            metrics.recordDuplicate();
            return mismatch;
        }
        monitors.quality().record(cell);
        if (result.verified()) {
            metrics.recordOutcome(cell, result.modelVersion(), labelDelay(result));
            monitors.segments().recordOutcome(result.modelVersion(), result.features(), result.attributes(), cell);
            // The same outcome judges each challenger's own decision for the request.
            for (ChallengerDecision shadow : result.challengers()) {
                metrics.recordChallengerOutcome(
                        ConfusionCell.of(shadow.approvalStatus(), result.actualOutcome()), shadow.modelVersion());
            }
        } else {
            metrics.recordUnverifiedOutcome(cell);
        }
        if (mismatch) {
            metrics.recordMismatch();
        }
        return mismatch;
    }

    /** Counts a final decision stored now; returns its override direction, or null when none is on record. */
    private OverrideDirection countFinalDecision(LabelResult result) {
        if (result.finalDecision() < 0) {
            return null;
        }
        OverrideDirection direction = OverrideDirection.of(result.predictedOutcome(), result.finalDecision());
        if (result.finalStatus() == Status.RECORDED) {
            monitors.overrides().recordFinalDecision(result.modelVersion(), direction);
        }
        return direction;
    }

    private void refuseConflicts(String predictionId, LabelResult result, int actualOutcome, Integer finalDecision) {
        if (result.status() == Status.CONFLICT) {
            metrics.recordRejected(Rejection.CONFLICT);
            throw new LabelConflictException(predictionId, result.actualOutcome(), actualOutcome);
        }
        if (result.finalStatus() == Status.CONFLICT) {
            metrics.recordRejected(Rejection.CONFLICT);
            throw new FinalDecisionConflictException(predictionId, result.finalDecision(), finalDecision);
        }
    }

    private FinalDecisionResult settleFinalDecision(FinalDecisionRequest request, LabelResult result) {
        if (result.status() == Status.UNKNOWN) {
            metrics.recordRejected(Rejection.UNKNOWN_PREDICTION);
            throw UnknownPredictionException.forFinalDecision(request.predictionId());
        }
        OverrideDirection override = countFinalDecision(result);
        refuseConflicts(request.predictionId(), result, LabelRequest.NONE, request.finalDecision());
        return new FinalDecisionResult(
                request.predictionId(),
                result.finalDecision(),
                result.predictedOutcome(),
                override,
                result.modelVersion(),
                result.finalStatus() == Status.DUPLICATE);
    }

    private static double labelDelay(LabelResult result) {
        return result.verified() ? (result.labelledAtMillis() - result.predictedAtMillis()) / 1000.0 : Double.NaN;
    }
}
