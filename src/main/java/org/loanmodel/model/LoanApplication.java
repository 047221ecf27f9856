package org.loanmodel.model;

/**
 * A validated loan application: the seven features of {@link FeatureSchema#LOAN}. An instance
 * exists only if every value passes its feature's rule.
 */
public record LoanApplication(
        double age,
        double income,
        double loanAmount,
        double loanTerm,
        double creditScore,
        double employmentStatus,
        double loanPurpose) {

    /** Number of features, the length of {@link #value(int)}'s index range. */
    public static final int FEATURES = 7;

    public LoanApplication {
        FeatureSchema schema = FeatureSchema.LOAN;
        schema.feature(0).check(age);
        schema.feature(1).check(income);
        schema.feature(2).check(loanAmount);
        schema.feature(3).check(loanTerm);
        schema.feature(4).check(creditScore);
        schema.feature(5).check(employmentStatus);
        schema.feature(6).check(loanPurpose);
    }

    /**
     * Builds an application from values in schema order.
     *
     * @throws InvalidInputException for the first value (in schema order) that breaks its rule
     */
    public static LoanApplication of(double[] values) {
        if (values.length != FEATURES) {
            throw new IllegalArgumentException("expected " + FEATURES + " values, got " + values.length);
        }
        return new LoanApplication(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
    }

    /** The value of the feature at {@code index} in {@link FeatureSchema#LOAN} order. */
    public double value(int index) {
        return switch (index) {
            case 0 -> age;
            case 1 -> income;
            case 2 -> loanAmount;
            case 3 -> loanTerm;
            case 4 -> creditScore;
            case 5 -> employmentStatus;
            case 6 -> loanPurpose;
            default -> throw new IndexOutOfBoundsException("feature index " + index);
        };
    }

    /** All values in schema order, in a new array. */
    public double[] values() {
        double[] values = new double[FEATURES];
        for (int i = 0; i < FEATURES; i++) {
            values[i] = value(i);
        }
        return values;
    }
}
