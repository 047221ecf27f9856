package org.loanmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.Bins;
import org.loanmodel.model.FlatForest;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.model.ModelMetadata;
import org.loanmodel.model.ReferenceProfile;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.provenance.SimpleDataSourceProvenance;

class TrainerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static TrainingResult result;

    @BeforeAll
    static void trainDefaultModel() {
        result = new Trainer(CLOCK).train(TrainerSettings.defaults(), TrainingProgress.SILENT);
    }

    @Test
    void flatForestReproducesLibraryProbabilitiesOnWholeHoldout() {
        assertThat(result.holdout()).hasSize(1000);
        for (TrainingExample row : result.holdout()) {
            double library = result.libraryModel()
                    .predict(Trainer.toExample(row.application()))
                    .getOutputScores()
                    .get(Trainer.APPROVED)
                    .getScore();
            double flat = result.model().probability(row.application());
            assertThat(Double.doubleToRawLongBits(flat))
                    .as("probability of %s", row.application())
                    .isEqualTo(Double.doubleToRawLongBits(library));
        }
    }

    @Test
    void holdoutMetricsAgreeWithTheLibraryEvaluator() {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> holdout = new MutableDataset<>(new SimpleDataSourceProvenance("holdout", labels), labels);
        result.holdout().forEach(row -> holdout.add(Trainer.toExample(row)));
        LabelEvaluation library = new LabelEvaluator().evaluate(result.libraryModel(), holdout);
        var ours = result.model().metadata().holdout();
        Label approved = new Label(Trainer.APPROVED);

        assertThat(ours.rows()).isEqualTo(1000);
        assertThat(ours.accuracy()).isEqualTo(library.accuracy());
        assertThat(ours.precision()).isEqualTo(library.precision(approved));
        assertThat(ours.recall()).isEqualTo(library.recall(approved));
        assertThat(ours.rocAuc()).isCloseTo(library.AUCROC(approved), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ours.accuracy()).isGreaterThan(0.95);
    }

    @Test
    void trainingTwiceGivesTheSameVersion() {
        LoanModel again = new Trainer(Clock.systemUTC())
                .train(TrainerSettings.defaults(), TrainingProgress.SILENT)
                .model();
        assertThat(again.version()).isEqualTo(result.model().version());
        assertThat(again.forest()).isEqualTo(result.model().forest());
    }

    /**
     * Compared without the reference ranges: the shipped artifact may predate them, and their
     * presence is all a retrained one adds.
     */
    @Test
    void shippedModelIsTheOneDefaultTrainingBuilds() {
        LoanModel shipped = ModelArtifact.loadDefault();
        assertThat(withoutRanges(shipped).version())
                .isEqualTo(withoutRanges(result.model()).version());
    }

    @Test
    void trainingRecordsEachFeaturesRangeInTheReferenceProfile() {
        List<Bins> bins = result.model().metadata().reference().features();
        double[] lowest = new double[bins.size()];
        double[] highest = new double[bins.size()];
        java.util.Arrays.fill(lowest, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(highest, Double.NEGATIVE_INFINITY);
        for (TrainingExample row : result.training()) {
            for (int f = 0; f < bins.size(); f++) {
                lowest[f] = Math.min(lowest[f], row.application().value(f));
                highest[f] = Math.max(highest[f], row.application().value(f));
            }
        }
        for (int f = 0; f < bins.size(); f++) {
            assertThat(bins.get(f).min()).as(bins.get(f).name()).isEqualTo(lowest[f]);
            assertThat(bins.get(f).max()).as(bins.get(f).name()).isEqualTo(highest[f]);
        }
        assertThat(bins.get(0).min()).isEqualTo(20);
        assertThat(bins.get(0).max()).isEqualTo(69);
        assertThat(result.model().metadata().reference().score().hasRange()).isFalse();
    }

    private static LoanModel withoutRanges(LoanModel model) {
        ModelMetadata metadata = model.metadata();
        ReferenceProfile reference = metadata.reference();
        ReferenceProfile bare = new ReferenceProfile(
                reference.features().stream()
                        .map(bins -> new Bins(bins.name(), bins.cuts(), bins.proportions()))
                        .toList(),
                reference.score());
        return ModelArtifact.seal(
                new ModelMetadata(
                        metadata.version(),
                        metadata.createdAt(),
                        metadata.algorithm(),
                        metadata.threshold(),
                        metadata.schema(),
                        bare,
                        metadata.provenance(),
                        metadata.holdout()),
                model.forest());
    }

    @Test
    void coversCountEveryTrainingRowThroughEveryTree() {
        FlatForest forest = result.model().forest();
        double[] splitCover = forest.splitCover();
        double[] leafCover = forest.leafCover();
        int[] greater = forest.greater();
        int[] lessOrEqual = forest.lessOrEqual();
        for (int root : forest.roots()) {
            assertThat(root >= 0 ? splitCover[root] : leafCover[~root]).isEqualTo(4000);
        }
        for (int n = 0; n < splitCover.length; n++) {
            double children = cover(greater[n], splitCover, leafCover) + cover(lessOrEqual[n], splitCover, leafCover);
            assertThat(children).as("covers of the children of node %d", n).isEqualTo(splitCover[n]);
        }
        // Every node was grown from bootstrap rows, all of them training rows.
        assertThat(DoubleStream.of(leafCover).min().orElseThrow()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void coverOfALeafIsTheNumberOfTrainingRowsReachingIt() {
        FlatForest forest = result.model().forest();
        int[] lessOrEqual = forest.lessOrEqual();
        int node = forest.roots()[0];
        List<Integer> path = new java.util.ArrayList<>();
        while (node >= 0) {
            path.add(node);
            node = lessOrEqual[node];
        }
        int leaf = ~node;
        long reaching = result.training().stream()
                .filter(row -> {
                    for (int n : path) {
                        if (row.application().value(forest.splitFeature()[n]) > forest.splitValue()[n]) {
                            return false;
                        }
                    }
                    return true;
                })
                .count();
        assertThat(path).isNotEmpty();
        assertThat(forest.leafCover()[leaf]).isEqualTo(reaching).isPositive();
    }

    private static double cover(int node, double[] splitCover, double[] leafCover) {
        return node >= 0 ? splitCover[node] : leafCover[~node];
    }

    @Test
    void progressReportsEveryStepInOrder() {
        List<String> steps = new java.util.ArrayList<>();
        new Trainer(CLOCK)
                .train(
                        TrainerSettings.builder()
                                .rows(200)
                                .generatorSeed(1)
                                .trees(3)
                                .maxDepth(4)
                                .trainerSeed(1)
                                .build(),
                        (step, total, description) -> steps.add(step + "/" + total + " " + description));
        assertThat(steps)
                .containsExactly(
                        "1/5 generating 200 applications",
                        "2/5 training 3 trees on 160 rows",
                        "3/5 converting the forest to flat arrays",
                        "4/5 evaluating on 40 holdout rows",
                        "5/5 profiling the training data");
    }
}
