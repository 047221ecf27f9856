package org.loanmodel.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DriftStatisticsTest {

    @Test
    void identicalDistributionsHaveZeroPsiAndKs() {
        double[] reference = {0.25, 0.25, 0.5};
        assertThat(DriftStatistics.psi(new long[] {25, 25, 50}, 100, reference)).isZero();
        assertThat(DriftStatistics.ks(new long[] {25, 25, 50}, 100, reference)).isZero();
    }

    @Test
    void psiSumsTheSymmetricLogTerms() {
        double[] reference = {0.5, 0.5};
        double expected = (0.8 - 0.5) * Math.log(0.8 / 0.5) + (0.2 - 0.5) * Math.log(0.2 / 0.5);
        assertThat(DriftStatistics.psi(new long[] {80, 20}, 100, reference)).isEqualTo(expected);
        assertThat(DriftStatistics.ks(new long[] {80, 20}, 100, reference)).isCloseTo(0.3, within(1e-15));
    }

    @Test
    void emptyLiveBinsAreFlooredSoPsiStaysFinite() {
        double[] reference = {0.5, 0.5};
        double expected = (1 - 0.5) * Math.log(1 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5);
        assertThat(DriftStatistics.psi(new long[] {10, 0}, 10, reference)).isEqualTo(expected);
        assertThat(expected).isGreaterThan(4);
    }

    @Test
    void nothingObservedIsUndefined() {
        assertThat(DriftStatistics.psi(new long[] {0, 0}, 0, new double[] {0.5, 0.5}))
                .isNaN();
        assertThat(DriftStatistics.ks(new long[] {0, 0}, 0, new double[] {0.5, 0.5}))
                .isNaN();
    }
}
