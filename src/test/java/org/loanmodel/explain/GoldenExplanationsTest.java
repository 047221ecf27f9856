package org.loanmodel.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.GoldenArtifacts;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;

/** The format-2 golden model still explains its applications exactly as when it was saved. */
class GoldenExplanationsTest {
    private static final LoanModel MODEL = GoldenArtifacts.modelV2();

    @Test
    void goldenModelGivesTheSavedExplanationsToTheLastBit() throws IOException {
        List<String> lines = Files.readAllLines(GoldenArtifacts.FOLDER.resolve(GoldenArtifacts.EXPLANATIONS_V2));
        assertThat(lines).hasSize(GoldenArtifacts.EXPLAINED + 1);
        assertThat(lines.get(0)).isEqualTo(GoldenArtifacts.explanationsHeader(MODEL.schema()));
        ForestExplainer explainer = ForestExplainer.of(MODEL);
        int features = MODEL.schema().size();
        for (String line : lines.subList(1, lines.size())) {
            double[] fields = Arrays.stream(line.split(","))
                    .mapToDouble(Double::parseDouble)
                    .toArray();
            LoanApplication application = LoanApplication.of(MODEL.schema(), Arrays.copyOf(fields, features));
            Explanation explanation = explainer.explain(application);
            assertThat(explanation.output()).as(line).isEqualTo(fields[features]);
            assertThat(explanation.baseValue()).as(line).isEqualTo(fields[features + 1]);
            assertThat(explanation.contributions())
                    .as(line)
                    .containsExactly(Arrays.copyOfRange(fields, features + 2, fields.length));
        }
    }

    @Test
    void goldenExplanationsAreTheShapleyValuesOfAllCoalitions() {
        BruteForceShapley brute = new BruteForceShapley(MODEL.forest());
        ForestExplainer explainer = ForestExplainer.of(MODEL);
        assertThat(explainer.precomputedTrees()).isEqualTo(5);
        for (LoanApplication application : GoldenArtifacts.applications()) {
            assertThat(explainer.explain(application).contributions())
                    .containsExactly(brute.shapley(application), within(1e-12));
        }
    }
}
