package org.loanmodel.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.FlatForest;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.training.LoanDataGenerator;

/**
 * Boosted trees (log-odds margins, a side for absent values at every split) are explained exactly:
 * equal to Shapley values over every coalition of the path-dependent value function, whether a
 * row's explanation comes from the precomputed cells or, with absent values, from walking each tree.
 */
class BoostedTreesExplainTest {
    private static final int FEATURES = 7;

    /** Rows like the loan applicants, each feature absent in about one row in five. */
    private static List<double[]> rows(long seed, int count) {
        LoanDataGenerator generator = new LoanDataGenerator(seed, 0);
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[] row = generator.nextApplication().values();
            for (int f = 0; f < FEATURES; f++) {
                if (random.nextInt(5) == 0) {
                    row[f] = Double.NaN;
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** Random trees of depth up to 4 with thresholds from the data, covers counted on the data. */
    private static FlatForest randomBoostedTrees(List<double[]> data, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Builder builder = new Builder(random, data);
        List<Integer> roots = new ArrayList<>();
        for (int t = 0; t < 25; t++) {
            roots.add(builder.node(0, data));
        }
        FlatForest forest = FlatForest.boosted(
                FEATURES,
                roots.stream().mapToInt(Integer::intValue).toArray(),
                builder.feature.stream().mapToInt(Integer::intValue).toArray(),
                builder.threshold.stream().mapToDouble(Double::doubleValue).toArray(),
                builder.greater.stream().mapToInt(Integer::intValue).toArray(),
                builder.lessOrEqual.stream().mapToInt(Integer::intValue).toArray(),
                toBooleans(builder.missingGreater),
                builder.margin.stream().mapToDouble(Double::doubleValue).toArray(),
                -0.4f);
        return forest.withCovers(
                builder.splitCover.stream().mapToDouble(Double::doubleValue).toArray(),
                builder.leafCover.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static boolean[] toBooleans(List<Boolean> list) {
        boolean[] values = new boolean[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = list.get(i);
        }
        return values;
    }

    /** Grows trees depth first; a split's children get higher indices than the split. */
    private static final class Builder {
        final SplittableRandom random;
        final List<double[]> data;
        final List<Integer> feature = new ArrayList<>();
        final List<Double> threshold = new ArrayList<>();
        final List<Integer> greater = new ArrayList<>();
        final List<Integer> lessOrEqual = new ArrayList<>();
        final List<Boolean> missingGreater = new ArrayList<>();
        final List<Double> splitCover = new ArrayList<>();
        final List<Double> margin = new ArrayList<>();
        final List<Double> leafCover = new ArrayList<>();

        Builder(SplittableRandom random, List<double[]> data) {
            this.random = random;
            this.data = data;
        }

        int node(int depth, List<double[]> reaching) {
            if (depth == 4 || reaching.size() < 4 || (depth > 1 && random.nextInt(4) == 0)) {
                margin.add((double) (float) (random.nextDouble() - 0.5));
                leafCover.add(reaching.size() + 1.0);
                return ~(margin.size() - 1);
            }
            int f = random.nextInt(FEATURES);
            double[] sample = reaching.get(random.nextInt(reaching.size()));
            double cut = Double.isNaN(sample[f]) ? 0 : sample[f];
            boolean absentGreater = random.nextBoolean();
            int index = feature.size();
            feature.add(f);
            threshold.add(cut);
            missingGreater.add(absentGreater);
            greater.add(0);
            lessOrEqual.add(0);
            splitCover.add(0.0);
            List<double[]> high = new ArrayList<>();
            List<double[]> low = new ArrayList<>();
            for (double[] row : reaching) {
                boolean goesGreater = row[f] > cut || (Double.isNaN(row[f]) && absentGreater);
                (goesGreater ? high : low).add(row);
            }
            int g = node(depth + 1, high);
            int l = node(depth + 1, low);
            greater.set(index, g);
            lessOrEqual.set(index, l);
            splitCover.set(index, cover(g) + cover(l));
            return index;
        }

        double cover(int node) {
            return node >= 0 ? splitCover.get(node) : leafCover.get(~node);
        }
    }

    private static LoanModel optionalEverywhere(FlatForest forest) {
        LoanModel model = TestModels.of(forest);
        for (String name : model.schema().names()) {
            model = TestModels.withOptional(model, name);
        }
        return model;
    }

    @Test
    void contributionsEqualBruteForceShapleyValuesWithAndWithoutAbsentValues() {
        LoanModel model = optionalEverywhere(randomBoostedTrees(rows(1, 2000), 2));
        ForestExplainer explainer = ForestExplainer.of(model);
        BruteForceShapley brute = new BruteForceShapley(model.forest());
        assertThat(explainer.precomputedTrees()).isEqualTo(25);
        int withAbsent = 0;
        for (double[] values : rows(3, 300)) {
            LoanApplication row = LoanApplication.of(model.schema(), values);
            Explanation explanation = explainer.explain(row);
            double[] expected = brute.shapley(row);
            for (int f = 0; f < FEATURES; f++) {
                assertThat(explanation.contribution(f))
                        .as("%s feature %d", row, f)
                        .isCloseTo(expected[f], within(1e-9));
            }
            assertThat(explanation.baseValue()).isCloseTo(brute.baseValue(row), within(1e-12));
            double sum = explanation.baseValue();
            for (double contribution : explanation.contributions()) {
                sum += contribution;
            }
            assertThat(sum).isCloseTo(explanation.output(), within(1e-9));
            assertThat(explanation.output()).isEqualTo(model.forest().rawOutput(row));
            assertThat(explainer.attribution(row)).isEqualTo(explanation.attribution());
            // The value function with every feature known is the margin itself.
            assertThat(brute.value(row, (1 << FEATURES) - 1)).isCloseTo(explanation.output(), within(1e-12));
            withAbsent += values.length
                            != java.util.Arrays.stream(values)
                                    .filter(v -> !Double.isNaN(v))
                                    .count()
                    ? 1
                    : 0;
        }
        assertThat(withAbsent).isBetween(100, 299);
    }

    @Test
    void theServedProbabilityIsTheFloatSigmoidOfTheFloatMarginSum() {
        FlatForest forest = randomBoostedTrees(rows(1, 500), 5);
        LoanModel model = optionalEverywhere(forest);
        for (double[] values : rows(6, 200)) {
            LoanApplication row = LoanApplication.of(model.schema(), values);
            float margin = -0.4f;
            double[] leaves = forest.leafScores();
            for (int leaf : leavesOf(forest, row)) {
                margin += (float) leaves[leaf];
            }
            assertThat(model.probability(row)).isEqualTo((double) (1.0f / (1.0f + (float) Math.exp(-margin))));
        }
    }

    @Test
    void onePlacementPerRowDecidesAsTheTreesToTheBitWithOrWithoutTheTable() {
        LoanModel model = optionalEverywhere(randomBoostedTrees(rows(1, 2000), 2));
        List<LoanApplication> applications = new ArrayList<>();
        for (double[] values : rows(7, 300)) {
            applications.add(LoanApplication.of(model.schema(), values));
        }
        TestModels.assertPlacementDecidesAndExplains(
                model, applications, ForestExplainer.DEFAULT_TABLE_BYTES, 64L << 10, 0);
    }

    /** The leaf each tree sends a row to, walked from the forest's public arrays. */
    private static int[] leavesOf(FlatForest forest, LoanApplication row) {
        int[] roots = forest.roots();
        int[] feature = forest.splitFeature();
        double[] threshold = forest.splitValue();
        int[] greater = forest.greater();
        int[] lessOrEqual = forest.lessOrEqual();
        boolean[] missingGreater = forest.missingGreater();
        int[] leaves = new int[roots.length];
        for (int t = 0; t < roots.length; t++) {
            int node = roots[t];
            while (node >= 0) {
                double value = row.value(feature[node]);
                boolean right = Double.isNaN(value) ? missingGreater[node] : value > threshold[node];
                node = right ? greater[node] : lessOrEqual[node];
            }
            leaves[t] = ~node;
        }
        return leaves;
    }
}
