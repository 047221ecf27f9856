package org.loanmodel.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.loanmodel.model.FeatureKind;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.Numbers;
import org.loanmodel.model.Reason;

/**
 * The principal reasons for a denial, as a lender must give them: up to four features whose
 * contributions pushed the raw output (the approval probability, or its log-odds) furthest down,
 * most adverse first.
 *
 * <p>Only features with a negative contribution are reasons. Equal contributions are ordered by
 * schema order, so the same application always gets the same reasons. Each reason's code and the
 * words naming its feature come from the schema ({@link FeatureSpec#reasonCodeOrDefault()}, {@link
 * FeatureSpec#reasonTextOrDefault()}); the text then says which way the value lies:
 *
 * <ul>
 *   <li>a number: "too low" when higher values of the feature raise the probability over the
 *       training data, else "too high" ({@link ForestExplainer#higherValuesRaise(int)}): one
 *       direction per feature and model, right for the features whose effect is monotone, as in
 *       the shipped model, and the dominant direction otherwise;
 *   <li>a category: the code given ("loan purpose is 2"), as codes have no order;
 *   <li>an absent optional feature: "not provided".
 * </ul>
 *
 * <p>Example: {@code new ReasonCodes(model, explainer).reasons(application,
 * explainer.explain(application))}.
 */
public final class ReasonCodes {
    /** At most this many reasons, the number Regulation B practice asks for. */
    public static final int MAX_REASONS = 4;

    private final LoanModel model;
    private final boolean[] higherRaises;

    public ReasonCodes(LoanModel model, ForestExplainer explainer) {
        this.model = model;
        FeatureSchema schema = model.schema();
        higherRaises = new boolean[schema.size()];
        for (int i = 0; i < higherRaises.length; i++) {
            higherRaises[i] = explainer.higherValuesRaise(i);
        }
    }

    /**
     * The reasons for the decision on an application, given its explanation; empty when the model
     * approves it.
     */
    public List<Reason> reasons(LoanApplication application, Explanation explanation) {
        FeatureSchema schema = model.schema();
        if (application.size() != schema.size() || explanation.size() != schema.size()) {
            throw new IllegalArgumentException("the model reads " + schema.size() + " features, got an application of "
                    + application.size() + " and an explanation of " + explanation.size());
        }
        if (model.approval(probability(explanation)) == 1) {
            return List.of();
        }
        List<Integer> adverse = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            if (explanation.contribution(i) < 0) {
                adverse.add(i);
            }
        }
        adverse.sort(Comparator.comparingDouble(explanation::contribution).thenComparingInt(i -> i));
        List<Reason> reasons = new ArrayList<>();
        for (int i : adverse.subList(0, Math.min(MAX_REASONS, adverse.size()))) {
            FeatureSpec spec = schema.feature(i);
            reasons.add(new Reason(
                    spec.reasonCodeOrDefault(),
                    spec.name(),
                    text(spec, application.value(i), higherRaises[i]),
                    explanation.contribution(i)));
        }
        return List.copyOf(reasons);
    }

    /** The approval probability an explanation's raw output stands for. */
    private static double probability(Explanation explanation) {
        return explanation.scale() == Explanation.Scale.LOG_ODDS
                ? 1 / (1 + Math.exp(-explanation.output()))
                : explanation.output();
    }

    private static String text(FeatureSpec spec, double value, boolean higherRaises) {
        String subject = spec.reasonTextOrDefault();
        if (Double.isNaN(value)) {
            return subject + " not provided";
        }
        if (spec.kind() == FeatureKind.CATEGORY) {
            return subject + " is " + Numbers.format(value);
        }
        return subject + (higherRaises ? " too low" : " too high");
    }
}
