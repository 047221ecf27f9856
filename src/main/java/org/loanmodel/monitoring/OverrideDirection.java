package org.loanmodel.monitoring;

/**
 * How the lender's final decision after human review relates to the model's: the values of {@code
 * model_final_decisions_total{override}}.
 */
public enum OverrideDirection {
    /** The lender decided as the model did. */
    NONE("none"),
    /** The model approved, the lender denied. */
    MODEL_APPROVED_LENDER_DENIED("model_approved_lender_denied"),
    /** The model denied, the lender approved. */
    MODEL_DENIED_LENDER_APPROVED("model_denied_lender_approved");

    private final String code;

    OverrideDirection(String code) {
        this.code = code;
    }

    /** The direction for the model's decision and the lender's, each 1 approved or 0 denied. */
    public static OverrideDirection of(int modelDecision, int finalDecision) {
        if (modelDecision == finalDecision) {
            return NONE;
        }
        return modelDecision == 1 ? MODEL_APPROVED_LENDER_DENIED : MODEL_DENIED_LENDER_APPROVED;
    }

    /** The label value and the API's word for it. */
    public String code() {
        return code;
    }
}
