package org.loanmodel.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A validated application: one value per feature of its {@link FeatureSchema}, in schema order. An
 * instance exists only if every value passes its feature's rule; an absent optional feature is
 * {@code NaN}, which a tree sends down its default branch.
 *
 * <p>Example: {@code LoanApplication.of(schema, new double[] {35, 75000, 25000, 36, 720, 1, 1})}.
 */
public final class LoanApplication {
    private final FeatureSchema schema;
    private final double[] values;

    private LoanApplication(FeatureSchema schema, double[] values) {
        this.schema = schema;
        this.values = values;
    }

    /**
     * Validates values in schema order, {@code NaN} meaning absent.
     *
     * @throws InvalidInputException for the first value, in schema order, that is missing or breaks
     *     its rule
     */
    public static LoanApplication of(FeatureSchema schema, double[] values) {
        Objects.requireNonNull(schema, "schema");
        if (values.length != schema.size()) {
            throw new IllegalArgumentException(
                    "schema has " + schema.size() + " features, got " + values.length + " values");
        }
        for (int i = 0; i < values.length; i++) {
            schema.feature(i).checkPresent(values[i]);
        }
        return new LoanApplication(schema, values.clone());
    }

    /** A copy with one feature changed, validated like any other. */
    public LoanApplication with(String feature, double value) {
        int index = schema.indexOf(feature);
        if (index < 0) {
            throw new IllegalArgumentException("schema has no feature '" + feature + "'");
        }
        double[] changed = values.clone();
        changed[index] = value;
        return of(schema, changed);
    }

    public FeatureSchema schema() {
        return schema;
    }

    /** Number of features. */
    public int size() {
        return values.length;
    }

    /** The value of the feature at {@code index} in schema order; {@code NaN} when absent. */
    public double value(int index) {
        return values[index];
    }

    /** The value of the named feature. */
    public double value(String feature) {
        int index = schema.indexOf(feature);
        if (index < 0) {
            throw new IllegalArgumentException("schema has no feature '" + feature + "'");
        }
        return values[index];
    }

    /** True when the feature at {@code index} was given. */
    public boolean present(int index) {
        return !Double.isNaN(values[index]);
    }

    /** All values in schema order, in a new array. */
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LoanApplication that
                && schema.equals(that.schema)
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("LoanApplication{");
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ", ").append(schema.name(i)).append('=').append(Numbers.format(values[i]));
        }
        return text.append('}').toString();
    }
}
