package org.loanmodel.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BinsTest {
    private static final double[] CUTS = {-1.5, 0, 10};

    @Test
    void aValueFallsInTheBinFromItsCutUpToTheNext() {
        assertThat(Bins.binOf(CUTS, Double.NEGATIVE_INFINITY)).isZero();
        assertThat(Bins.binOf(CUTS, Math.nextDown(-1.5))).isZero();
        assertThat(Bins.binOf(CUTS, -1.5)).isEqualTo(1);
        assertThat(Bins.binOf(CUTS, -0.0)).isEqualTo(2);
        assertThat(Bins.binOf(CUTS, Math.nextDown(10))).isEqualTo(2);
        assertThat(Bins.binOf(CUTS, 10)).isEqualTo(3);
        assertThat(Bins.binOf(CUTS, Double.POSITIVE_INFINITY)).isEqualTo(3);
    }

    @Test
    void anAbsentValueAndAnyValueWithoutCutsFallInTheFirstBin() {
        assertThat(Bins.binOf(CUTS, Double.NaN)).isZero();
        assertThat(Bins.binOf(new double[0], 42)).isZero();
    }
}
