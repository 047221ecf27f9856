package org.loanmodel.status;

/** How the page turns metric values into reported numbers: anything unknown is {@code null}. */
final class Values {
    private Values() {}

    /** {@code null} for NaN and infinities, the value otherwise. */
    static Double known(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** {@code part / whole}, or {@code null} when the whole is not positive or either is unknown. */
    static Double ratio(double part, double whole) {
        return whole > 0 && Double.isFinite(part) && Double.isFinite(whole) ? part / whole : null;
    }

    /** A count as a number; an absent metric counts as 0. */
    static double count(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
