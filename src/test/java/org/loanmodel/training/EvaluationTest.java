package org.loanmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.loanmodel.model.HoldoutMetrics;

class EvaluationTest {

    @Test
    void confusionCountsAndRatesFollowTheThreshold() {
        int[] outcomes = {1, 1, 0, 0, 1};
        double[] probabilities = {0.9, 0.4, 0.6, 0.1, 0.5};
        HoldoutMetrics m = Evaluation.evaluate(outcomes, probabilities, 0.5);
        assertThat(m.truePositives()).isEqualTo(2); // 0.9 and 0.5 (at the threshold approves)
        assertThat(m.falseNegatives()).isEqualTo(1);
        assertThat(m.falsePositives()).isEqualTo(1);
        assertThat(m.trueNegatives()).isEqualTo(1);
        assertThat(m.accuracy()).isEqualTo(0.6);
        assertThat(m.precision()).isEqualTo(2.0 / 3);
        assertThat(m.recall()).isEqualTo(2.0 / 3);
        assertThat(m.f1()).isCloseTo(2.0 / 3, within(1e-15));
        // (0.01 + 0.36 + 0.36 + 0.01 + 0.25) / 5
        assertThat(m.brierScore()).isCloseTo(0.198, within(1e-15));
    }

    @Test
    void rocAucCountsTiesAsHalf() {
        // positives 0.8, 0.5; negatives 0.5, 0.2: pairs (0.8>0.5), (0.8>0.2), (0.5=0.5 half), (0.5>0.2)
        assertThat(Evaluation.rocAuc(new int[] {1, 1, 0, 0}, new double[] {0.8, 0.5, 0.5, 0.2}))
                .isEqualTo(3.5 / 4);
        assertThat(Evaluation.rocAuc(new int[] {1, 0}, new double[] {0.1, 0.9})).isEqualTo(0);
        assertThat(Evaluation.rocAuc(new int[] {1, 1}, new double[] {0.1, 0.9})).isNaN();
    }

    @Test
    void reliabilityTableBinsByPredictedProbability() {
        int[] outcomes = {0, 1, 1, 1};
        double[] probabilities = {0.05, 0.95, 1.0, 0.55};
        var table = Evaluation.evaluate(outcomes, probabilities, 0.5).reliability();
        assertThat(table).hasSize(10);
        assertThat(table.get(0).rows()).isEqualTo(1);
        assertThat(table.get(0).approvedRate()).isEqualTo(0);
        assertThat(table.get(5).rows()).isEqualTo(1);
        assertThat(table.get(9).rows()).isEqualTo(2);
        assertThat(table.get(9).meanProbability()).isEqualTo(0.975);
        assertThat(table.get(9).approvedRate()).isEqualTo(1);
        assertThat(table.get(3).rows()).isZero();
    }

    @Test
    void undefinedRatesAreNotANumberWhenNothingWasApproved() {
        HoldoutMetrics m = Evaluation.evaluate(new int[] {0, 0}, new double[] {0.1, 0.2}, 0.5);
        assertThat(m.precision()).isNaN();
        assertThat(m.recall()).isNaN();
        assertThat(m.f1()).isNaN();
        assertThat(m.accuracy()).isEqualTo(1);
    }
}
