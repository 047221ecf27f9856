package org.loanmodel.segments;

/**
 * One group of a feature segment: the values {@code v} with {@code from <= v < to}.
 *
 * @param group the group's name, a label value
 * @param from the lowest value in the band, or negative infinity when the band has no lower end
 * @param to the value above the band, or positive infinity when the band has no upper end
 */
public record Band(String group, double from, double to) {

    /** Whether {@code value} falls in this band. */
    public boolean holds(double value) {
        return value >= from && value < to;
    }
}
