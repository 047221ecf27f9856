package org.loanmodel.service;

import java.time.Clock;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.loanmodel.ledger.LabelRequest;
import org.loanmodel.ledger.LabelResult;
import org.loanmodel.ledger.LogOverloadedException;
import org.loanmodel.ledger.LogUnavailableException;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.ledger.UncertainLabelException;
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
                throw unavailable(request, failure);
            }
            return settle(request, result);
        });
    }

    /**
     * The failure to answer with. An outcome whose commit is unknown is counted later, once, if its
     * transaction turns out to have stored it: its retry then finds it already stored and counts
     * nothing more.
     */
    private LogUnavailableException unavailable(FeedbackRequest request, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof UncertainLabelException uncertain) {
            uncertain
                    .eventually()
                    .thenAccept(result -> result.filter(r -> r.status() == LabelResult.Status.RECORDED)
                            .ifPresent(r -> count(request, r)));
        }
        if (cause instanceof LogUnavailableException unavailable) {
            return unavailable;
        }
        return new LogUnavailableException("prediction log unavailable: " + cause.getMessage(), cause);
    }

    /** Counts a request refused before it reached the log: bad body, media type or size. */
    public void rejectedInvalid() {
        metrics.recordRejected(Rejection.INVALID_INPUT);
    }

    /** Counts a newly stored outcome in the quality metrics. */
    private void count(FeedbackRequest request, LabelResult result) {
        ConfusionCell cell = ConfusionCell.of(result.predictedOutcome(), result.actualOutcome());
        quality.record(cell);
        if (result.verified()) {
            metrics.recordOutcome(cell, result.modelVersion(), delaySeconds(result));
        } else {
            metrics.recordUnverifiedOutcome(cell);
        }
        if (mismatch(request, result)) {
            metrics.recordMismatch();
        }
    }

    private static boolean mismatch(FeedbackRequest request, LabelResult result) {
        return result.verified()
                && request.predictedOutcome() != null
                && request.predictedOutcome() != result.predictedOutcome();
    }

    private static double delaySeconds(LabelResult result) {
        return result.verified() ? (result.labelledAtMillis() - result.predictedAtMillis()) / 1000.0 : Double.NaN;
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
        boolean mismatch = mismatch(request, result);
        double delay = delaySeconds(result);
        boolean replay = result.status() == LabelResult.Status.DUPLICATE;
        if (replay) {
            metrics.recordDuplicate();
        } else {
            count(request, result);
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
