package org.loanmodel.explain;

import java.util.Arrays;

/**
 * The exact attribution of one decision: how far each feature moved the model's raw output (the
 * approval probability of a random forest, the log-odds margin of boosted trees: its {@link
 * Scale}) away from its base value, so that {@code baseValue + sum(contributions)} is the output
 * (within 1e-9).
 */
public final class Explanation {
    /** What the raw output, and so every contribution, measures. */
    public enum Scale {
        /** The approval probability itself. */
        PROBABILITY("probability"),
        /** The log-odds of approval, before the sigmoid. */
        LOG_ODDS("log_odds");

        private final String wireName;

        Scale(String wireName) {
            this.wireName = wireName;
        }

        /** The name the API answers, e.g. {@code log_odds}. */
        public String wireName() {
            return wireName;
        }
    }

    private final double baseValue;
    private final double[] contributions;
    private final double output;
    private final Scale scale;

    /**
     * @param baseValue the expected raw output over the training data, as the node covers give it
     * @param contributions each feature's Shapley value, in schema order
     * @param output the raw output for the row, exactly as the model computes it
     */
    public Explanation(double baseValue, double[] contributions, double output) {
        this(contributions.clone(), baseValue, output, Scale.PROBABILITY);
    }

    /** Takes the array as it is: for the explainer, whose array no one else holds. */
    private Explanation(double[] contributions, double baseValue, double output, Scale scale) {
        this.baseValue = baseValue;
        this.contributions = contributions;
        this.output = output;
        this.scale = scale;
    }

    static Explanation owning(double baseValue, double[] contributions, double output, Scale scale) {
        return new Explanation(contributions, baseValue, output, scale);
    }

    public Scale scale() {
        return scale;
    }

    /** The explanation as a decision keeps it: scale, base value and every contribution. */
    public org.loanmodel.model.Attribution attribution() {
        return new org.loanmodel.model.Attribution(scale.wireName(), baseValue, contributions);
    }

    public double baseValue() {
        return baseValue;
    }

    /** The contribution of the feature at {@code index} in schema order. */
    public double contribution(int index) {
        return contributions[index];
    }

    /** All contributions in schema order, in a new array. */
    public double[] contributions() {
        return contributions.clone();
    }

    public double output() {
        return output;
    }

    /** Number of features. */
    public int size() {
        return contributions.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Explanation that
                && Double.compare(baseValue, that.baseValue) == 0
                && Double.compare(output, that.output) == 0
                && scale == that.scale
                && Arrays.equals(contributions, that.contributions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(contributions) * 31 + Double.hashCode(output);
    }

    @Override
    public String toString() {
        return "Explanation{base=" + baseValue + ", contributions=" + Arrays.toString(contributions) + ", output="
                + output + "}";
    }
}
