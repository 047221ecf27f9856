package org.loanmodel.ledger;

import java.util.Map;
import org.loanmodel.model.Decision;
import org.loanmodel.model.LoanApplication;

/**
 * One decision as the prediction log stores it: what was asked and what was answered.
 *
 * @param decision the answer
 * @param application the validated features
 * @param attributes the monitoring attributes the request carried beside its features (name to
 *     value, validated by the API), empty for none
 */
public record PredictionRecord(Decision decision, LoanApplication application, Map<String, String> attributes) {

    public PredictionRecord {
        attributes = Map.copyOf(attributes);
    }

    /** A decision whose request carried no monitoring attributes. */
    public PredictionRecord(Decision decision, LoanApplication application) {
        this(decision, application, Map.of());
    }
}
