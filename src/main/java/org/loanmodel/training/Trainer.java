package org.loanmodel.training;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FlatForest;
import org.loanmodel.model.HoldoutMetrics;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.model.ModelMetadata;
import org.loanmodel.model.ReferenceProfile;
import org.loanmodel.model.TrainingProvenance;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains the loan model: synthetic data, a Tribuo random forest, its flat form, holdout metrics and
 * the reference profile, sealed into a versioned {@link LoanModel}.
 *
 * <p>Example: {@code new Trainer(Clock.systemUTC()).train(TrainerSettings.defaults(),
 * TrainingProgress.SILENT).model()}.
 */
public final class Trainer {
    /** Label of the approval class in the training library. */
    static final String APPROVED = "1";

    private static final FeatureSchema SCHEMA = FeatureSchema.LOAN;
    private static final String[] NAMES = SCHEMA.names().toArray(String[]::new);
    private static final int STEPS = 5;

    private final Clock clock;

    public Trainer(Clock clock) {
        this.clock = clock;
    }

    /** Runs every step of training and returns the sealed model. */
    public TrainingResult train(TrainerSettings settings, TrainingProgress progress) {
        progress.started(1, STEPS, "generating " + settings.rows() + " applications");
        List<TrainingExample> rows =
                new LoanDataGenerator(settings.generatorSeed(), settings.labelNoise()).generate(settings.rows());
        List<TrainingExample> training = rows.subList(0, settings.trainRows());
        List<TrainingExample> holdout = rows.subList(settings.trainRows(), rows.size());

        progress.started(2, STEPS, "training " + settings.trees() + " trees on " + training.size() + " rows");
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance(
                        "synthetic loan applications, seed " + settings.generatorSeed() + ", label noise "
                                + settings.labelNoise(),
                        OffsetDateTime.now(clock),
                        labels),
                labels);
        training.forEach(row -> dataset.add(toExample(row)));
        EnsembleModel<Label> forest = forestTrainer(settings).train(dataset);

        progress.started(3, STEPS, "converting the forest to flat arrays");
        FlatForest flat = ForestConverter.convert(forest, SCHEMA, APPROVED);

        progress.started(4, STEPS, "evaluating on " + holdout.size() + " holdout rows");
        double[] scores = holdout.stream()
                .mapToDouble(row -> flat.probability(row.application()))
                .toArray();
        int[] outcomes = holdout.stream().mapToInt(TrainingExample::outcome).toArray();
        HoldoutMetrics metrics = Evaluation.evaluate(outcomes, scores, settings.threshold());

        progress.started(5, STEPS, "profiling the training data");
        ReferenceProfile reference = ReferenceProfiler.profile(
                SCHEMA, training.stream().map(row -> row.application().values()).toList(), scores);
        ModelMetadata metadata = new ModelMetadata(
                "unsealed",
                clock.instant().toString(),
                "random_forest",
                settings.threshold(),
                SCHEMA,
                reference,
                provenance(settings, forest),
                metrics);
        LoanModel model = ModelArtifact.seal(metadata, flat);
        return new TrainingResult(model, forest, List.copyOf(training), List.copyOf(holdout));
    }

    /** The Tribuo example of a row: the schema's feature names with the row's values. */
    public static Example<Label> toExample(TrainingExample row) {
        return new ArrayExample<>(
                new Label(Integer.toString(row.outcome())),
                NAMES,
                row.application().values());
    }

    /** The Tribuo example of an application whose outcome is unknown. */
    public static Example<Label> toExample(LoanApplication application) {
        return new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, NAMES, application.values());
    }

    private static RandomForestTrainer<Label> forestTrainer(TrainerSettings settings) {
        CARTClassificationTrainer tree = new CARTClassificationTrainer(
                settings.maxDepth(),
                (float) settings.minChildWeight(),
                0.0f,
                (float) settings.featureFraction(),
                false,
                new GiniIndex(),
                settings.trainerSeed());
        return new RandomForestTrainer<>(
                tree, new FullyWeightedVotingCombiner(), settings.trees(), settings.trainerSeed());
    }

    private static TrainingProvenance provenance(TrainerSettings settings, EnsembleModel<Label> forest) {
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("tribuo", Tribuo.VERSION);
        libraries.put("java", System.getProperty("java.version"));
        return new TrainingProvenance(
                settings.generatorSeed(),
                settings.rows(),
                settings.labelNoise(),
                settings.trainFraction(),
                settings.trees(),
                settings.maxDepth(),
                settings.featureFraction(),
                settings.minChildWeight(),
                settings.trainerSeed(),
                libraries,
                ProvenanceUtil.convertToMap(forest.getProvenance().getTrainerProvenance()),
                ProvenanceUtil.convertToMap(forest.getProvenance().getDatasetProvenance()));
    }
}
