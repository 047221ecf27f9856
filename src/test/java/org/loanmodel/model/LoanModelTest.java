package org.loanmodel.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoanModelTest {
    private static final ModelMetadata METADATA = ModelArtifact.load(
                    Path.of("src/test/resources/golden/loan-model-golden.json"))
            .metadata();

    private static FlatForest tree(double[] leafScores) {
        return new FlatForest(
                7, new int[] {0}, new int[] {1}, new double[] {30000}, new int[] {~0}, new int[] {~1}, leafScores, 1);
    }

    @Test
    void modelWithCoversAndOneTotalPerTreeCanExplain() {
        LoanModel model = new LoanModel(
                METADATA, tree(new double[] {0.1, 0.9, 0.8, 0.2}).withCovers(new double[] {5}, new double[] {2, 3}));
        assertThat(model.canExplain()).isTrue();
        assertThat(model.cannotExplainReason()).isEmpty();
    }

    @Test
    void modelWithoutCoversSaysHowToGetThem() {
        LoanModel model = new LoanModel(METADATA, tree(new double[] {0.1, 0.9, 0.8, 0.2}));
        assertThat(model.canExplain()).isFalse();
        assertThat(model.cannotExplainReason())
                .contains("model bdf398f62e9b has no node covers and cannot explain decisions;"
                        + " retrain it (train --out ...) to add them");
    }

    @Test
    void modelWhoseLeavesDoNotShareOneTotalCannotExplain() {
        LoanModel model = new LoanModel(
                METADATA, tree(new double[] {0.1, 0.9, 0.8, 0.3}).withCovers(new double[] {5}, new double[] {2, 3}));
        assertThat(model.canExplain()).isFalse();
        assertThat(model.cannotExplainReason())
                .contains("model bdf398f62e9b cannot explain decisions: the leaves of tree 0 do not add their class"
                        + " scores up to one total, so its probability is not a sum over trees");
    }
}
