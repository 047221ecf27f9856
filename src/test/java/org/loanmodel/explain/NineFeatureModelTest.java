package org.loanmodel.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.training.Trainer;
import org.loanmodel.training.TrainerSettings;
import org.loanmodel.training.TrainingExample;
import org.loanmodel.training.TrainingProgress;

/** A model of another schema: nine features, one of them optional, explained exactly. */
class NineFeatureModelTest {
    private static final FeatureSchema SCHEMA = new FeatureSchema(List.of(
            FeatureSpec.integer("age", 18, 100, "years"),
            FeatureSpec.number("income", 0, 10_000_000, "yearly income"),
            FeatureSpec.number("loan_amount", 1, 10_000_000, "requested amount"),
            FeatureSpec.integer("credit_score", 300, 850, "bureau score"),
            FeatureSpec.number("debt_ratio", 0, 5, "debt over income"),
            FeatureSpec.integer("years_employed", 0, 60, "years at the current employer"),
            FeatureSpec.integer("open_accounts", 0, 50, "open credit accounts"),
            FeatureSpec.integer("delinquencies", 0, 20, "delinquencies in two years")
                    .asOptional(),
            FeatureSpec.category("region", List.of(0.0, 1.0, 2.0, 3.0), "sales region")));
    private static final int DELINQUENCIES = SCHEMA.indexOf("delinquencies");

    private static LoanModel model;
    private static List<LoanApplication> rows;

    @BeforeAll
    static void train() {
        SplittableRandom random = new SplittableRandom(5);
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            double[] values = draw(random);
            double score = (values[3] - 600) / 100
                    + (values[1] - 50000) / 30000
                    - 2 * values[4]
                    + (values[5] > 2 ? 0.5 : -0.5)
                    - 0.7 * values[7]
                    + (values[8] == 2 ? 0.3 : 0);
            int outcome = score > 0 == random.nextDouble() < 0.9 ? 1 : 0;
            examples.add(new TrainingExample(LoanApplication.of(SCHEMA, values), outcome));
        }
        TrainerSettings settings = TrainerSettings.builder()
                .rows(800)
                .generatorSeed(0)
                .trees(8)
                .maxDepth(6)
                .trainerSeed(3)
                .build();
        model = new Trainer(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
                .train(SCHEMA, examples, "nine synthetic features", settings, TrainingProgress.SILENT)
                .model();
        rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double[] values = draw(random);
            if (i % 3 == 0) {
                values[DELINQUENCIES] = Double.NaN;
            }
            rows.add(LoanApplication.of(SCHEMA, values));
        }
    }

    private static double[] draw(SplittableRandom random) {
        return new double[] {
            18 + random.nextInt(60),
            10000 + random.nextInt(120000),
            1000 + random.nextInt(60000),
            300 + random.nextInt(551),
            random.nextInt(300) / 100.0,
            random.nextInt(20),
            random.nextInt(30),
            random.nextInt(6),
            random.nextInt(4)
        };
    }

    @Test
    void contributionsAreTheShapleyValuesOfAll512Coalitions() {
        assertThat(model.canExplain()).isTrue();
        BruteForceShapley brute = new BruteForceShapley(model.forest());
        ForestExplainer explainer = ForestExplainer.of(model);
        for (LoanApplication row : rows) {
            Explanation explanation = explainer.explain(row);
            assertThat(explanation.contributions()).as("%s", row).containsExactly(brute.shapley(row), within(1e-9));
            assertThat(explanation.baseValue()).isCloseTo(brute.baseValue(row), within(1e-12));
            // Nine features: eight summed at once, the ninth in a block of its own.
            assertThat(explainer.attribution(row)).isEqualTo(explanation.attribution());
        }
    }

    @Test
    void contributionsAddUpToTheProbabilityAlsoWithAnAbsentFeature() {
        for (ForestExplainer explainer : List.of(ForestExplainer.of(model), ForestExplainer.of(model, 0))) {
            for (LoanApplication row : rows) {
                Explanation explanation = explainer.explain(row);
                double sum = explanation.baseValue();
                for (double contribution : explanation.contributions()) {
                    sum += contribution;
                }
                assertThat(explanation.output()).isEqualTo(model.probability(row));
                assertThat(sum).as("%s", row).isCloseTo(explanation.output(), within(1e-9));
            }
        }
    }

    @Test
    void treesWithinTheBudgetArePrecomputedAndAnswerAsPlainTreeShap() {
        ForestExplainer table = ForestExplainer.of(model);
        ForestExplainer plain = ForestExplainer.of(model, 0);
        // Deeper trees over more features make far bigger grids: 2 of the 8 fit the default budget
        // (all 8 would take 3.6 million cells, 276 MB); the other 6 are explained by TreeSHAP.
        assertThat(table.precomputedTrees()).isEqualTo(2);
        for (LoanApplication row : rows) {
            assertThat(table.explain(row).contributions())
                    .containsExactly(plain.explain(row).contributions(), within(1e-12));
        }
    }
}
