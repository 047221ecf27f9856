package org.loanmodel.explain;

import java.util.ArrayList;
import java.util.List;
import org.loanmodel.model.Attribution;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.Numbers;
import org.loanmodel.model.Reason;
import org.loanmodel.model.ReasonWord;

/**
 * The principal reasons for a denial, as a lender must give them: up to four features whose
 * contributions pushed the raw output (the approval probability, or its log-odds) furthest down,
 * most adverse first.
 *
 * <p>Only features with a negative contribution are reasons, and with a minimum share {@code s}
 * only those whose contribution is at least {@code s} times the most adverse one's: a lender may
 * not want to name a feature that moved the score by a millionth beside one that decided it. The
 * most adverse feature is always a reason. Equal contributions are ordered by
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
    private final double minShare;
    /** Per feature, decided once: its code. */
    private final String[] codes;
    /** Per feature, its texts by {@link FeatureSpec#reasonTextVariant}. */
    private final String[][] texts;

    /** Reasons for every feature that pushed toward denial, up to four. */
    public ReasonCodes(LoanModel model, ForestExplainer explainer) {
        this(model, explainer, 0);
    }

    /**
     * @param minShare the share of the most adverse contribution (0 to 1) another feature's must
     *     reach to be a reason too
     */
    public ReasonCodes(LoanModel model, ForestExplainer explainer, double minShare) {
        if (!(minShare >= 0 && minShare <= 1)) {
            throw new IllegalArgumentException("the minimum share of a reason must be from 0 to 1, got " + minShare);
        }
        this.model = model;
        this.minShare = minShare;
        FeatureSchema schema = model.schema();
        codes = new String[schema.size()];
        texts = new String[schema.size()][];
        for (int i = 0; i < codes.length; i++) {
            FeatureSpec spec = schema.feature(i);
            codes[i] = spec.reasonCodeOrDefault();
            texts[i] = new String[2 + spec.categories().size()];
            texts[i][FeatureSpec.TEXT_FOR_VALUE] =
                    spec.reasonTextOrDefault() + (explainer.higherValuesRaise(i) ? " too low" : " too high");
            texts[i][FeatureSpec.TEXT_FOR_ABSENT] = spec.reasonTextOrDefault() + " not provided";
            for (int c = 0; c < spec.categories().size(); c++) {
                texts[i][2 + c] = spec.reasonTextOrDefault() + " is "
                        + Numbers.format(spec.categories().get(c));
            }
        }
    }

    /**
     * Every reason this model can give, one per feature and text variant, as its reasons carry
     * them: what the prediction log records once per model version.
     */
    public List<ReasonWord> words() {
        FeatureSchema schema = model.schema();
        List<ReasonWord> words = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) {
            for (int variant = 0; variant < texts[i].length; variant++) {
                words.add(new ReasonWord(i, variant, codes[i], schema.name(i), texts[i][variant]));
            }
        }
        return words;
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
        return ofDenial(application, explanation.attribution());
    }

    /**
     * The reasons for a denial already decided, from its attribution ({@link
     * ForestExplainer#attribution}).
     */
    public List<Reason> ofDenial(LoanApplication application, Attribution attribution) {
        FeatureSchema schema = model.schema();
        if (application.size() != schema.size() || attribution.size() != schema.size()) {
            throw new IllegalArgumentException("the model reads " + schema.size() + " features, got an application of "
                    + application.size() + " and an attribution of " + attribution.size());
        }
        // The most adverse first, ties in schema order: a selection of at most four over the
        // features, without boxing or sorting them all.
        int[] chosen = new int[MAX_REASONS];
        int count = 0;
        for (int i = 0; i < schema.size(); i++) {
            double contribution = attribution.contribution(i);
            if (!(contribution < 0)) {
                continue;
            }
            int at = count;
            while (at > 0 && contribution < attribution.contribution(chosen[at - 1])) {
                at--;
            }
            if (at == MAX_REASONS) {
                continue;
            }
            int last = Math.min(count, MAX_REASONS - 1);
            System.arraycopy(chosen, at, chosen, at + 1, last - at);
            chosen[at] = i;
            count = Math.min(count + 1, MAX_REASONS);
        }
        if (count > 1 && minShare > 0) {
            // Sorted most adverse first, so the reasons that reach the share are a prefix.
            double bar = minShare * attribution.contribution(chosen[0]);
            int kept = 1;
            while (kept < count && attribution.contribution(chosen[kept]) <= bar) {
                kept++;
            }
            count = kept;
        }
        Reason[] reasons = new Reason[count];
        for (int r = 0; r < count; r++) {
            int i = chosen[r];
            reasons[r] = new Reason(
                    codes[i],
                    schema.name(i),
                    texts[i][schema.feature(i).reasonTextVariant(application.value(i))],
                    attribution.contribution(i));
        }
        return List.of(reasons);
    }

    /** The approval probability an explanation's raw output stands for. */
    private static double probability(Explanation explanation) {
        return explanation.scale() == Explanation.Scale.LOG_ODDS
                ? 1 / (1 + Math.exp(-explanation.output()))
                : explanation.output();
    }
}
