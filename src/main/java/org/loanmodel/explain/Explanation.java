package org.loanmodel.explain;

import java.util.Arrays;

/**
 * The exact attribution of one decision: how far each feature moved the model's raw output (the
 * approval probability) away from its base value, so that {@code baseValue + sum(contributions)}
 * is the output (within 1e-9).
 */
public final class Explanation {
    private final double baseValue;
    private final double[] contributions;
    private final double output;

    /**
     * @param baseValue the expected raw output over the training data, as the node covers give it
     * @param contributions each feature's Shapley value, in schema order
     * @param output the raw output for the row, exactly as the model computes it
     */
    public Explanation(double baseValue, double[] contributions, double output) {
        this(contributions.clone(), baseValue, output);
    }

    /** Takes the array as it is: for the explainer, whose array no one else holds. */
    private Explanation(double[] contributions, double baseValue, double output) {
        this.baseValue = baseValue;
        this.contributions = contributions;
        this.output = output;
    }

    static Explanation owning(double baseValue, double[] contributions, double output) {
        return new Explanation(contributions, baseValue, output);
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
