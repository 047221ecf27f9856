package org.loanmodel.ledger;

import java.util.List;
import org.loanmodel.model.ChallengerDecision;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;

/**
 * One decision as the prediction log stores it: what was asked and what was answered.
 *
 * @param decision the answer
 * @param application the validated features
 * @param challengers what each challenger decided in the champion's shadow
 */
public record PredictionRecord(Decision decision, LoanApplication application, List<ChallengerDecision> challengers) {
    public PredictionRecord {
        challengers = List.copyOf(challengers);
    }

    /** A decision no challenger scored. */
    public PredictionRecord(Decision decision, LoanApplication application) {
        this(decision, application, List.of());
    }
}
