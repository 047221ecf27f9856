package org.loanmodel.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Every feature's exact contribution to one decision, as kept with a denial: what its reasons were
 * drawn from, so that the record answers for them later.
 *
 * @param scale what the contributions measure: {@code probability} or {@code log_odds}
 * @param baseValue the expected raw output the contributions start from
 * @param contributions each feature's contribution, in schema order
 */
public record Attribution(String scale, double baseValue, double[] contributions) {

    public Attribution {
        Objects.requireNonNull(scale, "scale");
        contributions = contributions.clone();
    }

    @Override
    public double[] contributions() {
        return contributions.clone();
    }

    /** The contribution of the feature at {@code index} in schema order. */
    public double contribution(int index) {
        return contributions[index];
    }

    public int size() {
        return contributions.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attribution that
                && scale.equals(that.scale)
                && Double.compare(baseValue, that.baseValue) == 0
                && Arrays.equals(contributions, that.contributions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(contributions) * 31 + scale.hashCode();
    }

    @Override
    public String toString() {
        return "Attribution{" + scale + ", base=" + baseValue + ", " + Arrays.toString(contributions) + "}";
    }
}
