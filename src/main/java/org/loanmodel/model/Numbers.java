package org.loanmodel.model;

/** Renders numbers the way a person writes them: whole values without a trailing {@code .0}. */
public final class Numbers {
    private static final double LARGEST_EXACT_LONG = 9.007199254740992E15;

    private Numbers() {}

    /** {@code 35.0 -> "35"}, {@code 0.25 -> "0.25"}, non-finite values as Java prints them. */
    public static String format(double value) {
        if (isWhole(value)) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** True when the value is finite, has no fractional part and converts to a long exactly. */
    public static boolean isWhole(double value) {
        return Math.abs(value) <= LARGEST_EXACT_LONG && value == Math.rint(value);
    }
}
