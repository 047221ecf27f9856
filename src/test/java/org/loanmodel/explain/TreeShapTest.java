package org.loanmodel.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.FlatForest;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.training.LoanDataGenerator;

/** TreeSHAP on hand-built trees whose Shapley values are worked out by hand or by enumeration. */
class TreeShapTest {
    private static final int INCOME = 1;
    private static final int CREDIT = 4;
    private static final LoanApplication RICH_GOOD = LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1);
    private static final LoanApplication POOR_GOOD = LoanDataGenerator.loan(35, 25000, 25000, 36, 720, 1, 1);

    /**
     * income > 30000 (10 rows)? then credit_score > 600 (4 rows)? approve (1 row) : 0.25 (3 rows);
     * else reject (6 rows).
     */
    private static LoanModel smallTree() {
        FlatForest forest = new FlatForest(
                7,
                new int[] {0},
                new int[] {INCOME, CREDIT},
                new double[] {30000, 600},
                new int[] {1, ~0},
                new int[] {~2, ~1},
                new double[] {0, 1, 0.75, 0.25, 1, 0},
                1);
        return TestModels.of(forest.withCovers(new double[] {10, 4}, new double[] {1, 3, 6}));
    }

    /** Both explainers: the precomputed table and plain TreeSHAP. */
    private static List<ForestExplainer> explainers(LoanModel model) {
        return List.of(ForestExplainer.of(model), ForestExplainer.of(model, 0));
    }

    @Test
    void smallTreeHasTheShapleyValuesWorkedOutByHand() {
        // v({}) = 0.4 * (0.25 * 1 + 0.75 * 0.25) = 0.175; for the rich applicant v({income}) = 0.4375,
        // v({credit}) = 0.4, v({income, credit}) = 1, so phi_income = (0.2625 + 0.6) / 2.
        for (ForestExplainer explainer : explainers(smallTree())) {
            Explanation rich = explainer.explain(RICH_GOOD);
            assertThat(rich.baseValue()).isCloseTo(0.175, within(1e-15));
            assertThat(rich.output()).isEqualTo(1.0);
            assertThat(rich.contribution(INCOME)).isCloseTo(0.43125, within(1e-15));
            assertThat(rich.contribution(CREDIT)).isCloseTo(0.39375, within(1e-15));
            assertThat(rich.contribution(0)).isZero();
            Explanation poor = explainer.explain(POOR_GOOD);
            assertThat(poor.output()).isEqualTo(0.0);
            assertThat(poor.contribution(INCOME)).isCloseTo(-0.2875, within(1e-15));
            assertThat(poor.contribution(CREDIT)).isCloseTo(0.1125, within(1e-15));
        }
    }

    @Test
    void absentValueFollowsTheLessOrEqualBranchAsTheForestDoes() {
        LoanModel model = TestModels.withOptional(smallTree(), "income");
        LoanApplication absent =
                LoanApplication.of(model.schema(), new double[] {35, Double.NaN, 25000, 36, 720, 1, 1});
        LoanApplication atThreshold =
                LoanApplication.of(model.schema(), new double[] {35, 30000, 25000, 36, 720, 1, 1});
        for (ForestExplainer explainer : explainers(model)) {
            assertThat(explainer.explain(absent)).isEqualTo(explainer.explain(POOR_GOOD));
            assertThat(explainer.explain(atThreshold)).isEqualTo(explainer.explain(POOR_GOOD));
        }
        assertThat(new BruteForceShapley(model.forest()).shapley(absent)[INCOME])
                .isCloseTo(-0.2875, within(1e-15));
    }

    /**
     * income > 30000? (income > 60000? (credit_score > 600? approve : reject) : 0.5) : reject, then
     * a second tree on credit_score alone: income is tested twice on one path, which TreeSHAP
     * handles by unwinding it from the path.
     */
    private static FlatForest featureTestedTwice(double[] leafCover) {
        FlatForest forest = new FlatForest(
                7,
                new int[] {0, 3},
                new int[] {INCOME, INCOME, CREDIT, CREDIT},
                new double[] {30000, 60000, 600, 650},
                new int[] {1, 2, ~0, ~4},
                new int[] {~3, ~2, ~1, ~5},
                new double[] {0, 1, 1, 0, 0.5, 0.5, 1, 0, 0.1, 0.9, 0.7, 0.3},
                1);
        return forest.withCovers(new double[] {10, 6, 3, 10}, leafCover);
    }

    @Test
    void featureTestedTwiceOnAPathMatchesEnumeration() {
        assertMatchesEnumeration(featureTestedTwice(new double[] {1, 2, 3, 4, 4, 6}));
    }

    @Test
    void leafWithCoverZeroMatchesEnumeration() {
        assertMatchesEnumeration(featureTestedTwice(new double[] {0, 3, 3, 4, 4, 6}));
    }

    private static void assertMatchesEnumeration(FlatForest forest) {
        LoanModel model = TestModels.of(forest);
        BruteForceShapley brute = new BruteForceShapley(forest);
        LoanDataGenerator generator = new LoanDataGenerator(3, 0);
        for (int i = 0; i < 50; i++) {
            LoanApplication row = generator.nextApplication();
            double[] expected = brute.shapley(row);
            for (ForestExplainer explainer : explainers(model)) {
                Explanation explanation = explainer.explain(row);
                assertThat(explanation.contributions()).as("%s", row).containsExactly(expected, within(1e-15));
                assertThat(explanation.baseValue()).isCloseTo(brute.baseValue(row), within(1e-15));
                assertThat(explanation.output()).isEqualTo(model.probability(row));
            }
        }
    }

    @Test
    void forestWhoseTreesHaveUnequalTotalsIsRefused() {
        FlatForest forest = new FlatForest(
                        7,
                        new int[] {0},
                        new int[] {INCOME},
                        new double[] {30000},
                        new int[] {~0},
                        new int[] {~1},
                        new double[] {0.1, 0.9, 0.8, 0.4},
                        1)
                .withCovers(new double[] {10}, new double[] {4, 6});
        assertThatThrownBy(() -> ForestExplainer.of(TestModels.of(forest)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model bdf398f62e9b cannot explain decisions: the leaves of tree 0 do not add their class"
                        + " scores up to one total, so its probability is not a sum over trees");
    }
}
