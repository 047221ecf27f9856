package org.loanmodel.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.FlatForest;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.model.ModelMetadata;

/** Models for explanation tests: hand-built forests and schema variants of real models. */
final class TestModels {
    static final LoanModel SHIPPED = ModelArtifact.loadDefault();
    static final LoanModel GOLDEN_V1 = ModelArtifact.load(Path.of("src/test/resources/golden/loan-model-golden.json"));

    private TestModels() {}

    /** A forest over the seven loan features, with the golden model's metadata. */
    static LoanModel of(FlatForest forest) {
        return new LoanModel(GOLDEN_V1.metadata(), forest);
    }

    /** The same model with one feature of its schema replaced. */
    static LoanModel withFeature(LoanModel model, String name, FeatureSpec spec) {
        List<FeatureSpec> features = new ArrayList<>(model.schema().features());
        features.set(model.schema().indexOf(name), spec);
        ModelMetadata m = model.metadata();
        return new LoanModel(
                new ModelMetadata(
                        m.version(),
                        m.createdAt(),
                        m.algorithm(),
                        m.threshold(),
                        new FeatureSchema(features),
                        m.reference(),
                        m.provenance(),
                        m.holdout()),
                model.forest());
    }

    /** The same model whose feature may be left out of an application. */
    static LoanModel withOptional(LoanModel model, String name) {
        return withFeature(
                model,
                name,
                model.schema().feature(model.schema().indexOf(name)).asOptional());
    }

    /**
     * Asserts that one placement per row, reused from row to row, gives {@code model}'s probability
     * to the bit and the explainer's attribution, with each of the table budgets.
     */
    static void assertPlacementDecidesAndExplains(LoanModel model, List<LoanApplication> rows, long... budgets) {
        for (long budget : budgets) {
            ForestExplainer explainer = ForestExplainer.of(model, budget);
            ForestExplainer.Placement placement = explainer.placement();
            for (LoanApplication row : rows) {
                placement.of(row);
                assertThat(placement.probability())
                        .as("%s, budget %d", row, budget)
                        .isEqualTo(model.probability(row));
                assertThat(placement.attribution())
                        .as("%s, budget %d", row, budget)
                        .isEqualTo(explainer.attribution(row));
            }
        }
    }
}
