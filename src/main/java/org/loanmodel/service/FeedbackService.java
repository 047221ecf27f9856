package org.loanmodel.service;

import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.loanmodel.ledger.LabelRequest;
import org.loanmodel.ledger.LabelResult;
import org.loanmodel.ledger.LogOverloadedException;
import org.loanmodel.ledger.LogUnavailableException;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.model.ChallengerDecision;
import org.loanmodel.model.ConfusionCell;
import org.loanmodel.monitoring.FeedbackMetrics;
import org.loanmodel.monitoring.FeedbackMetrics.Rejection;
import org.loanmodel.monitoring.QualityMonitor;

/**
 * Joins ground truth to logged decisions, once per prediction, and feeds the quality metrics.
 *
 * <p>The logged decision is the truth about what was predicted; a client's {@code
 * predicted_outcome} that disagrees is reported, not trusted. An id the service never issued is
 * accepted only with {@code predicted_outcome} (the original system's form) and counted apart as
 * unverified.
 */
public final class FeedbackService {
    private final PredictionLog log;
    private final QualityMonitor quality;
    private final FeedbackMetrics metrics;
    private final Clock clock;
    private final boolean acceptUnverified;

    public FeedbackService(PredictionLog log, QualityMonitor quality, FeedbackMetrics metrics, Clock clock) {
        this(log, quality, metrics, clock, true);
    }

    /**
     * @param acceptUnverified whether an id the service never issued is taken on the client's word
     *     when it carries {@code predicted_outcome} (the original system's form); when false it
     *     answers as unknown and nothing is stored
     */
    public FeedbackService(
            PredictionLog log, QualityMonitor quality, FeedbackMetrics metrics, Clock clock, boolean acceptUnverified) {
        this.acceptUnverified = acceptUnverified;
        this.log = log;
        this.quality = quality;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Records one outcome.
     *
     * @return completes with what was established, or fails with {@link
     *     UnknownPredictionException}, {@link LabelConflictException} or {@link
     *     LogUnavailableException}
     * @throws LogOverloadedException when the log is too far behind to accept it
     */
    public CompletionStage<FeedbackResult> submit(FeedbackRequest request) {
        int claimed = request.predictedOutcome() == null || !acceptUnverified ? -1 : request.predictedOutcome();
        LabelRequest label = new LabelRequest(request.predictionId(), request.actualOutcome(), claimed, clock.millis());
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
                throw new LogUnavailableException("prediction log unavailable: " + failure.getMessage(), failure);
            }
            return settle(request, result);
        });
    }

    /** Counts a request refused before it reached the log: bad body, media type or size. */
    public void rejectedInvalid() {
        metrics.recordRejected(Rejection.INVALID_INPUT);
    }

    private FeedbackResult settle(FeedbackRequest request, LabelResult result) {
        switch (result.status()) {
            case UNKNOWN -> {
                metrics.recordRejected(Rejection.UNKNOWN_PREDICTION);
                throw new UnknownPredictionException(request.predictionId());
            }
            case CONFLICT -> {
                metrics.recordRejected(Rejection.CONFLICT);
                throw new LabelConflictException(
                        request.predictionId(), result.actualOutcome(), request.actualOutcome());
            }
            default -> {
                // RECORDED or DUPLICATE: handled below
            }
        }
        ConfusionCell cell = ConfusionCell.of(result.predictedOutcome(), result.actualOutcome());
        boolean mismatch = result.verified()
                && request.predictedOutcome() != null
                && request.predictedOutcome() != result.predictedOutcome();
        double delay =
                result.verified() ? (result.labelledAtMillis() - result.predictedAtMillis()) / 1000.0 : Double.NaN;
        boolean replay = result.status() == LabelResult.Status.DUPLICATE;
        if (replay) {
            metrics.recordDuplicate();
        } else {
            quality.record(cell);
            if (result.verified()) {
                metrics.recordOutcome(cell, result.modelVersion(), delay);
                // The same outcome judges each challenger's own decision for the request.
                for (ChallengerDecision shadow : result.challengers()) {
                    metrics.recordOutcome(
                            ConfusionCell.of(shadow.approvalStatus(), result.actualOutcome()),
                            shadow.modelVersion(),
                            delay);
                }
            } else {
                metrics.recordUnverifiedOutcome(cell);
            }
            if (mismatch) {
                metrics.recordMismatch();
            }
        }
        return new FeedbackResult(
                request.predictionId(),
                result.actualOutcome(),
                result.predictedOutcome(),
                cell,
                result.verified(),
                mismatch,
                result.modelVersion(),
                delay,
                quality.snapshot().accuracy(),
                replay);
    }
}
