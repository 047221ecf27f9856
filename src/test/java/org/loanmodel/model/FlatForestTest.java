package org.loanmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.loanmodel.training.LoanDataGenerator;

class FlatForestTest {
    private static final LoanApplication RICH = LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1);
    private static final LoanApplication POOR = LoanDataGenerator.loan(35, 25000, 25000, 36, 720, 1, 1);

    /**
     * Tree 1 splits on income (feature 1) at 30000; tree 2 is a single leaf. Leaf scores are
     * (rejected, approved) with approval in slot 1.
     */
    private static FlatForest twoTrees() {
        return new FlatForest(
                7,
                new int[] {0, ~2},
                new int[] {1},
                new double[] {30000},
                new int[] {~0},
                new int[] {~1},
                new double[] {0.1, 0.9, 0.8, 0.2, 0.5, 0.5},
                1);
    }

    @Test
    void probabilityIsApprovalScoreSumOverAllScoreSum() {
        // rich: leaf 0 (0.1, 0.9) + leaf 2 (0.5, 0.5) -> 1.4 / 2.0
        assertThat(twoTrees().probability(RICH)).isEqualTo((0.9 + 0.5) / (0.1 + 0.9 + 0.5 + 0.5));
        // poor: leaf 1 (0.8, 0.2) + leaf 2 -> 0.7 / 2.0
        assertThat(twoTrees().probability(POOR)).isEqualTo((0.2 + 0.5) / (0.8 + 0.2 + 0.5 + 0.5));
    }

    @Test
    void valueEqualToThresholdGoesLeft() {
        LoanApplication atThreshold = LoanDataGenerator.loan(35, 30000, 25000, 36, 720, 1, 1);
        assertThat(twoTrees().probability(atThreshold)).isEqualTo(twoTrees().probability(POOR));
    }

    @Test
    void splitOnUnknownFeatureIsRejected() {
        assertThatThrownBy(() -> new FlatForest(
                        7,
                        new int[] {0},
                        new int[] {7},
                        new double[] {1},
                        new int[] {~0},
                        new int[] {~0},
                        new double[] {0.5, 0.5},
                        1))
                .hasMessage("split 0 tests feature 7");
    }

    @Test
    void childPointingBackwardsIsRejectedSoWalksAlwaysEnd() {
        assertThatThrownBy(() -> new FlatForest(
                        7,
                        new int[] {0},
                        new int[] {1},
                        new double[] {1},
                        new int[] {0},
                        new int[] {~0},
                        new double[] {0.5, 0.5},
                        1))
                .hasMessage("invalid child 0 of node 0");
    }

    @Test
    void leafOutsideTheLeafArrayIsRejected() {
        assertThatThrownBy(() -> new FlatForest(
                        7,
                        new int[] {~3},
                        new int[] {},
                        new double[] {},
                        new int[] {},
                        new int[] {},
                        new double[] {0.5, 0.5},
                        1))
                .hasMessage("invalid child -4 of node -1");
    }

    @Test
    void equalForestsAreEqual() {
        assertThat(twoTrees()).isEqualTo(twoTrees()).hasSameHashCodeAs(twoTrees());
        assertThat(twoTrees().trees()).isEqualTo(2);
        assertThat(twoTrees().leaves()).isEqualTo(3);
    }

    @Test
    void coversChangeNoProbabilityButMakeAnotherForest() {
        FlatForest covered = twoTrees().withCovers(new double[] {10}, new double[] {6, 4, 10});
        assertThat(covered.hasCovers()).isTrue();
        assertThat(twoTrees().hasCovers()).isFalse();
        assertThat(covered.probability(RICH)).isEqualTo(twoTrees().probability(RICH));
        assertThat(covered.probability(POOR)).isEqualTo(twoTrees().probability(POOR));
        assertThat(covered.splitCover()).containsExactly(10);
        assertThat(covered.leafCover()).containsExactly(6, 4, 10);
        assertThat(twoTrees().splitCover()).isNull();
        assertThat(covered)
                .isNotEqualTo(twoTrees())
                .isEqualTo(twoTrees().withCovers(new double[] {10}, new double[] {6, 4, 10}));
    }

    @Test
    void coversMustMatchTheNodes() {
        assertThatThrownBy(() -> twoTrees().withCovers(new double[] {10, 1}, new double[] {6, 4, 10}))
                .hasMessage("splitCover has 2 entries, the forest has 1 split nodes");
        assertThatThrownBy(() -> twoTrees().withCovers(new double[] {10}, new double[] {6, 4}))
                .hasMessage("leafCover has 2 entries, the forest has 3 leaves");
    }

    @Test
    void splitCoverMustBePositiveAndLeafCoverNotNegative() {
        assertThatThrownBy(() -> twoTrees().withCovers(new double[] {0}, new double[] {6, 4, 10}))
                .hasMessage("cover of split node 0 must be a finite number > 0, got 0.0");
        assertThatThrownBy(() -> twoTrees().withCovers(new double[] {Double.NaN}, new double[] {6, 4, 10}))
                .hasMessage("cover of split node 0 must be a finite number > 0, got NaN");
        assertThatThrownBy(() -> twoTrees().withCovers(new double[] {10}, new double[] {6, -1, 10}))
                .hasMessage("cover of leaf 1 must be a finite number >= 0, got -1.0");
        assertThatThrownBy(() ->
                        twoTrees().withCovers(new double[] {10}, new double[] {6, 4, Double.POSITIVE_INFINITY}))
                .hasMessage("cover of leaf 2 must be a finite number >= 0, got Infinity");
        assertThat(twoTrees()
                        .withCovers(new double[] {10}, new double[] {0, 10, 10})
                        .leafCover())
                .containsExactly(0, 10, 10);
    }

    @Test
    void treesWhoseLeavesShareOneTotalAreFound() {
        assertThat(twoTrees().firstTreeWithUnequalLeafTotals()).isEqualTo(-1);
        FlatForest unequal = new FlatForest(
                7,
                new int[] {~2, 0},
                new int[] {1},
                new double[] {30000},
                new int[] {~0},
                new int[] {~1},
                new double[] {0.1, 0.9, 0.8, 0.3, 0.5, 0.5},
                1);
        assertThat(unequal.firstTreeWithUnequalLeafTotals()).isEqualTo(1);
    }
}
