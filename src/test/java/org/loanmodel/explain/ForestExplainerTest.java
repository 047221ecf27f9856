package org.loanmodel.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.training.LoanDataGenerator;
import org.loanmodel.training.TrainingExample;

/** Exact explanations of the shipped model: 100 trees, depth up to 10, seven features. */
class ForestExplainerTest {
    private static final LoanModel MODEL = TestModels.SHIPPED;
    private static final ForestExplainer EXPLAINER = ForestExplainer.of(MODEL);

    /** Rows from the training distribution, and some at and beyond its edges. */
    private static List<LoanApplication> rows(long seed, int count) {
        List<LoanApplication> rows = new ArrayList<>();
        rows.add(LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1));
        rows.add(LoanDataGenerator.loan(18, 0, 1, 12, 300, 0, 0));
        rows.add(LoanDataGenerator.loan(100, 10_000_000, 10_000_000, 60, 850, 1, 3));
        rows.add(LoanDataGenerator.loan(40, 30000, 40000, 24, 600, 1, 2));
        LoanDataGenerator generator = new LoanDataGenerator(seed, 0);
        while (rows.size() < count) {
            rows.add(generator.nextApplication());
        }
        return rows;
    }

    /** The shipped model with every feature optional. */
    private static LoanModel everyFeatureOptional() {
        LoanModel optional = MODEL;
        for (String name : MODEL.schema().names()) {
            optional = TestModels.withOptional(optional, name);
        }
        return optional;
    }

    /**
     * {@code count} rows from {@code seed}; in every {@code every}-th, the features whose bit is set
     * in the row's index are absent, so all patterns of absence occur.
     */
    private static List<LoanApplication> withAbsentValues(LoanModel optional, int seed, int count, int every) {
        List<LoanApplication> rows = new ArrayList<>();
        for (LoanApplication row : rows(seed, count)) {
            double[] values = row.values();
            for (int d = 0; d < values.length; d++) {
                if (rows.size() % every == 0 && (rows.size() & 1 << d) != 0) {
                    values[d] = Double.NaN;
                }
            }
            rows.add(LoanApplication.of(optional.schema(), values));
        }
        return rows;
    }

    @Test
    void contributionsAreTheShapleyValuesOfAllCoalitions() {
        BruteForceShapley brute = new BruteForceShapley(MODEL.forest());
        for (LoanApplication row : rows(7, 200)) {
            Explanation explanation = EXPLAINER.explain(row);
            assertThat(explanation.contributions()).as("%s", row).containsExactly(brute.shapley(row), within(1e-9));
            assertThat(explanation.baseValue()).isCloseTo(brute.baseValue(row), within(1e-12));
        }
    }

    @Test
    void contributionsAddUpToTheProbabilityOnEveryRow() {
        List<LoanApplication> rows = rows(8, 1000);
        new LoanDataGenerator(42, 0).generate(5000).forEach(row -> rows.add(row.application()));
        double[] contributions = new double[7];
        for (LoanApplication row : rows) {
            double output = EXPLAINER.explain(row, contributions);
            double sum = EXPLAINER.baseValue();
            for (double contribution : contributions) {
                sum += contribution;
            }
            assertThat(Double.doubleToRawLongBits(output))
                    .isEqualTo(Double.doubleToRawLongBits(MODEL.probability(row)));
            assertThat(sum).as("%s", row).isCloseTo(output, within(1e-9));
        }
    }

    @Test
    void baseValueIsTheMeanProbabilityOverTheTrainingRows() {
        // The covers count the training rows, so the expected output under them is their mean.
        List<TrainingExample> training =
                new LoanDataGenerator(42, 0).generate(5000).subList(0, 4000);
        double mean = training.stream()
                .mapToDouble(row -> MODEL.probability(row.application()))
                .average()
                .orElseThrow();
        assertThat(EXPLAINER.baseValue()).isCloseTo(mean, within(1e-12));
    }

    @Test
    void absentValuesAreExplainedAsTheForestScoresThem() {
        LoanModel model = MODEL;
        for (String name : MODEL.schema().names()) {
            model = TestModels.withOptional(model, name);
        }
        ForestExplainer explainer = ForestExplainer.of(model);
        BruteForceShapley brute = new BruteForceShapley(model.forest());
        List<LoanApplication> rows = rows(11, 128);
        for (int mask = 1; mask < rows.size(); mask++) {
            double[] values = rows.get(mask).values();
            for (int d = 0; d < values.length; d++) {
                if ((mask & 1 << d) != 0) {
                    values[d] = Double.NaN;
                }
            }
            LoanApplication row = LoanApplication.of(model.schema(), values);
            Explanation explanation = explainer.explain(row);
            assertThat(explanation.output()).isEqualTo(model.probability(row));
            assertThat(explanation.contributions()).as("%s", row).containsExactly(brute.shapley(row), within(1e-9));
        }
    }

    @Test
    void precomputedTableAnswersAsPlainTreeShap() {
        ForestExplainer plain = ForestExplainer.of(MODEL, 0);
        assertThat(plain.precomputedTrees()).isZero();
        assertThat(plain.tableBytes()).isEqualTo(4 * 100);
        for (LoanApplication row : rows(9, 1000)) {
            Explanation fast = EXPLAINER.explain(row);
            Explanation reference = plain.explain(row);
            assertThat(fast.contributions()).as("%s", row).containsExactly(reference.contributions(), within(1e-12));
            assertThat(fast.output()).isEqualTo(reference.output());
            assertThat(fast.baseValue()).isEqualTo(reference.baseValue());
        }
    }

    @Test
    void attributionOfADecisionTakenIsTheExplanationsBitForBit() {
        LoanModel optional = everyFeatureOptional();
        List<LoanApplication> rows = withAbsentValues(optional, 12, 256, 1);
        List<ForestExplainer> explainers = List.of(
                ForestExplainer.of(optional), ForestExplainer.of(optional, 1L << 20), ForestExplainer.of(optional, 0));
        for (ForestExplainer explainer : explainers) {
            for (LoanApplication row : rows) {
                assertThat(explainer.attribution(row))
                        .as("%s", row)
                        .isEqualTo(explainer.explain(row).attribution());
            }
        }
        assertThat(explainers.get(0).attribution(rows.get(0)).scale()).isEqualTo("probability");
    }

    @Test
    void onePlacementPerRowDecidesAsTheForestToTheBitAndExplainsAsTheExplainer() {
        LoanModel optional = everyFeatureOptional();
        List<LoanApplication> rows = withAbsentValues(optional, 13, 512, 3);
        TestModels.assertPlacementDecidesAndExplains(optional, rows, ForestExplainer.DEFAULT_TABLE_BYTES, 1L << 20, 0);
    }

    @Test
    void placementOfAnApplicationOfAnotherSizeIsRefused() {
        LoanApplication fewer = LoanApplication.of(
                new org.loanmodel.model.FeatureSchema(MODEL.schema().features().subList(0, 6)),
                java.util.Arrays.copyOf(rows(1, 1).get(0).values(), 6));
        assertThatThrownBy(() -> EXPLAINER.placement().of(fewer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the model reads 7 features, got an application of 6");
    }

    @Test
    void shippedModelIsPrecomputedWhollyInFiveMegabytes() {
        assertThat(EXPLAINER.trees()).isEqualTo(100);
        assertThat(EXPLAINER.precomputedTrees()).isEqualTo(100);
        assertThat(EXPLAINER.cells()).isEqualTo(69825);
        assertThat(EXPLAINER.tableBytes()).isEqualTo(4_913_276);
    }

    @Test
    void treesBeyondTheBudgetAreExplainedByTreeShapAlike() {
        ForestExplainer partial = ForestExplainer.of(MODEL, 1L << 20);
        assertThat(partial.precomputedTrees()).isEqualTo(97);
        assertThat(partial.cells() * (8L * 8 + 4)).isLessThanOrEqualTo(1L << 20);
        for (LoanApplication row : rows(10, 200)) {
            assertThat(partial.explain(row).contributions())
                    .containsExactly(EXPLAINER.explain(row).contributions(), within(1e-12));
        }
    }

    @Test
    void higherCreditScoreAndIncomeRaiseTheProbabilityAndHigherLoanAmountsLowerIt() {
        assertThat(EXPLAINER.higherValuesRaise(MODEL.schema().indexOf("credit_score")))
                .isTrue();
        assertThat(EXPLAINER.higherValuesRaise(MODEL.schema().indexOf("income")))
                .isTrue();
        assertThat(EXPLAINER.higherValuesRaise(MODEL.schema().indexOf("loan_amount")))
                .isFalse();
    }

    @Test
    void modelWithoutCoversIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ForestExplainer.of(TestModels.GOLDEN_V1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model bdf398f62e9b has no node covers and cannot explain decisions;"
                        + " retrain it (train --out ...) to add them");
    }

    @Test
    void negativeBudgetIsRefused() {
        assertThatThrownBy(() -> ForestExplainer.of(MODEL, -1)).hasMessage("table budget must be >= 0 bytes, got -1");
    }

    @Test
    void contributionsArrayOfAnotherSizeIsRefused() {
        assertThatThrownBy(() -> EXPLAINER.explain(rows(1, 1).get(0), new double[6]))
                .hasMessage("the model reads 7 features, got an application of 7 and room for 6 contributions");
    }
}
