package org.loanmodel.ledger;

import java.util.List;
import java.util.Map;
import org.loanmodel.model.ChallengerDecision;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;

/**
 * One decision as the prediction log stores it: what was asked and what was answered.
 *
 * @param decision the answer
 * @param application the validated features
 * @param attributes the monitoring attributes the request carried beside its features (name to
 *     value, validated by the API), empty for none
 * @param challengers what each challenger decided in the champion's shadow
 */
public record PredictionRecord(
        Decision decision,
        LoanApplication application,
        Map<String, String> attributes,
        List<ChallengerDecision> challengers) {

    public PredictionRecord {
        attributes = Map.copyOf(attributes);
        challengers = List.copyOf(challengers);
    }

    /**
     * This row under {@code predictionId}, without reasons, attribution or challengers' decisions:
     * what a store may insert to learn whether it takes such a row, without recording any words.
     */
    public PredictionRecord bareAs(String predictionId) {
        Decision d = decision;
        return new PredictionRecord(
                new Decision(
                        predictionId,
                        d.createdAtMillis(),
                        d.modelVersion(),
                        d.probability(),
                        d.approvalStatus(),
                        List.of(),
                        null),
                application,
                attributes);
    }

    /** A decision no challenger scored. */
    public PredictionRecord(Decision decision, LoanApplication application, Map<String, String> attributes) {
        this(decision, application, attributes, List.of());
    }

    /** A decision whose request carried no monitoring attributes and no challenger scored. */
    public PredictionRecord(Decision decision, LoanApplication application) {
        this(decision, application, Map.of(), List.of());
    }
}
