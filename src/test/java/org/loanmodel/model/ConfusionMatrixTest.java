package org.loanmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    @Test
    void ratesOfAKnownMatrix() {
        ConfusionMatrix m = new ConfusionMatrix(12, 5, 15, 8);
        assertThat(m.total()).isEqualTo(40);
        assertThat(m.accuracy()).isEqualTo(27.0 / 40);
        assertThat(m.precision()).isEqualTo(12.0 / 17);
        assertThat(m.recall()).isEqualTo(12.0 / 20);
        assertThat(m.f1()).isEqualTo(24.0 / 37);
    }

    @Test
    void nothingCountedLeavesEveryRateUndefined() {
        ConfusionMatrix empty = new ConfusionMatrix(0, 0, 0, 0);
        assertThat(empty.accuracy()).isNaN();
        assertThat(empty.precision()).isNaN();
        assertThat(empty.recall()).isNaN();
        assertThat(empty.f1()).isNaN();
    }

    @Test
    void onlyTrueNegativesLeavePrecisionRecallAndF1Undefined() {
        ConfusionMatrix m = new ConfusionMatrix(0, 0, 2, 0);
        assertThat(m.accuracy()).isEqualTo(1.0);
        assertThat(m.precision()).isNaN();
        assertThat(m.recall()).isNaN();
        assertThat(m.f1()).isNaN();
    }

    @Test
    void approvalsThatWereAllWrongGiveZeroPrecisionAndF1() {
        ConfusionMatrix m = new ConfusionMatrix(0, 3, 1, 0);
        assertThat(m.precision()).isZero();
        assertThat(m.recall()).isNaN();
        assertThat(m.f1()).isZero();
    }

    @Test
    void negativeCountsAreRefused() {
        assertThatThrownBy(() -> new ConfusionMatrix(1, -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("confusion counts must be >= 0, got tp=1 fp=-1 tn=0 fn=0");
    }
}
