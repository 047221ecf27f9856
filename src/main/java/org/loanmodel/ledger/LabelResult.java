package org.loanmodel.ledger;

import java.util.List;
import java.util.Map;
import org.loanmodel.model.ChallengerDecision;

/**
 * What the prediction log did with an outcome, a final decision or both, and what it holds of the
 * decision they belong to.
 *
 * @param status what happened to the outcome ({@link Status#NOT_SENT} when the request had none);
 *     {@link Status#UNKNOWN} when no decision has the id, for the whole request
 * @param verified true when the request joined a logged decision; false for the original system's
 *     form (an unknown id with the client's {@code predicted_outcome}), taken on the client's word
 * @param modelVersion version of the model that decided, or {@code null} when unverified
 * @param predictedOutcome the decision: the logged one when verified, else the client's
 * @param actualOutcome the outcome on record after this call (for {@link Status#CONFLICT} the
 *     earlier one, which was kept), or -1 when there is none
 * @param predictedAtMillis when the decision was made (0 when unverified)
 * @param labelledAtMillis when the outcome on record arrived (0 when there is none)
 * @param finalStatus what happened to the final decision ({@link Status#NOT_SENT} when the request
 *     had none)
 * @param finalDecision the final decision on record after this call, or -1 when there is none
 * @param finalDecidedAtMillis when the final decision on record arrived (0 when there is none)
 * @param features the logged decision's features in schema order ({@code NaN} where absent), empty
 *     when unverified
 * @param attributes the logged decision's monitoring attributes, empty for none or when unverified
 * @param challengers what each challenger decided for the request, when its outcome was recorded now
 */
public record LabelResult(
        Status status,
        boolean verified,
        String modelVersion,
        int predictedOutcome,
        int actualOutcome,
        long predictedAtMillis,
        long labelledAtMillis,
        Status finalStatus,
        int finalDecision,
        long finalDecidedAtMillis,
        List<Double> features,
        Map<String, String> attributes,
        List<ChallengerDecision> challengers) {

    /** The outcome of one part of a labelling attempt. */
    public enum Status {
        /** Stored now. */
        RECORDED,
        /** The same value was already stored; nothing changed. */
        DUPLICATE,
        /** A different value was already stored; it was kept. */
        CONFLICT,
        /** No decision has this id, and the request cannot be kept as unverified. */
        UNKNOWN,
        /** The request did not carry this part. */
        NOT_SENT,
        /** Not stored because the request's other part contradicts what is stored. */
        SKIPPED
    }

    public LabelResult {
        features = List.copyOf(features);
        attributes = Map.copyOf(attributes);
        challengers = List.copyOf(challengers);
    }

    /** A result that carries no challenger decisions. */
    public LabelResult(
            Status status,
            boolean verified,
            String modelVersion,
            int predictedOutcome,
            int actualOutcome,
            long predictedAtMillis,
            long labelledAtMillis,
            Status finalStatus,
            int finalDecision,
            long finalDecidedAtMillis,
            List<Double> features,
            Map<String, String> attributes) {
        this(
                status,
                verified,
                modelVersion,
                predictedOutcome,
                actualOutcome,
                predictedAtMillis,
                labelledAtMillis,
                finalStatus,
                finalDecision,
                finalDecidedAtMillis,
                features,
                attributes,
                List.of());
    }

    /** The same result with what the challengers decided for the labelled request. */
    public LabelResult withChallengers(List<ChallengerDecision> decisions) {
        return new LabelResult(
                status,
                verified,
                modelVersion,
                predictedOutcome,
                actualOutcome,
                predictedAtMillis,
                labelledAtMillis,
                finalStatus,
                finalDecision,
                finalDecidedAtMillis,
                features,
                attributes,
                decisions);
    }

    /** An outcome's result, without a final decision or the decision's inputs. */
    public LabelResult(
            Status status,
            boolean verified,
            String modelVersion,
            int predictedOutcome,
            int actualOutcome,
            long predictedAtMillis,
            long labelledAtMillis) {
        this(
                status,
                verified,
                modelVersion,
                predictedOutcome,
                actualOutcome,
                predictedAtMillis,
                labelledAtMillis,
                Status.NOT_SENT,
                -1,
                0,
                List.of(),
                Map.of());
    }

    /** The result for an id nobody knows, whatever the request carried: {@code status} says so for both parts. */
    public static LabelResult unknown() {
        return new LabelResult(Status.UNKNOWN, false, null, -1, -1, 0, 0);
    }
}
