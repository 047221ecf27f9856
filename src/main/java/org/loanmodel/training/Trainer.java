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

    private static final int STEPS = 5;

    private final Clock clock;

    public Trainer(Clock clock) {
        this.clock = clock;
    }

    /** Runs every step of training on the original system's synthetic data; returns the sealed model. */
    public TrainingResult train(TrainerSettings settings, TrainingProgress progress) {
        progress.started(1, STEPS, "generating " + settings.rows() + " applications");
        List<TrainingExample> rows =
                new LoanDataGenerator(settings.generatorSeed(), settings.labelNoise()).generate(settings.rows());
        String source = "synthetic loan applications, seed " + settings.generatorSeed() + ", label noise "
                + settings.labelNoise();
        return train(LoanDataGenerator.SCHEMA, rows, source, settings, progress);
    }

    /**
     * Trains on given rows of any schema: the first {@link TrainerSettings#trainFraction()} of them
     * train, the rest are the holdout. The generator settings are ignored.
     *
     * @param source a description of where the rows came from, kept in the provenance
     */
    public TrainingResult train(
            FeatureSchema schema,
            List<TrainingExample> rows,
            String source,
            TrainerSettings settings,
            TrainingProgress progress) {
        int trainRows = (int) Math.round(rows.size() * settings.trainFraction());
        if (trainRows < 1 || trainRows >= rows.size()) {
            throw new IllegalArgumentException("need rows for both training and holdout, got " + rows.size());
        }
        for (TrainingExample row : rows) {
            if (!row.application().schema().equals(schema)) {
                throw new IllegalArgumentException("every row must have the schema " + schema.names());
            }
        }
        List<TrainingExample> training = rows.subList(0, trainRows);
        List<TrainingExample> holdout = rows.subList(trainRows, rows.size());

        progress.started(2, STEPS, "training " + settings.trees() + " trees on " + training.size() + " rows");
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset =
                new MutableDataset<>(new SimpleDataSourceProvenance(source, OffsetDateTime.now(clock), labels), labels);
        training.forEach(row -> dataset.add(toExample(row)));
        EnsembleModel<Label> forest = forestTrainer(settings).train(dataset);

        progress.started(3, STEPS, "converting the forest to flat arrays");
        FlatForest flat = ForestConverter.convert(
                forest,
                schema,
                APPROVED,
                training.stream().map(TrainingExample::application).toList());

        progress.started(4, STEPS, "evaluating on " + holdout.size() + " holdout rows");
        double[] scores = holdout.stream()
                .mapToDouble(row -> flat.probability(row.application()))
                .toArray();
        int[] outcomes = holdout.stream().mapToInt(TrainingExample::outcome).toArray();
        HoldoutMetrics metrics = Evaluation.evaluate(outcomes, scores, settings.threshold());

        progress.started(5, STEPS, "profiling the training data");
        ReferenceProfile reference = ReferenceProfiler.profile(
                schema, training.stream().map(row -> row.application().values()).toList(), scores);
        ModelMetadata metadata = new ModelMetadata(
                "unsealed",
                clock.instant().toString(),
                "random_forest",
                settings.threshold(),
                schema,
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
                names(row.application().schema()),
                row.application().values());
    }

    /** The Tribuo example of an application whose outcome is unknown. */
    public static Example<Label> toExample(LoanApplication application) {
        return new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names(application.schema()), application.values());
    }

    private static String[] names(FeatureSchema schema) {
        return schema.names().toArray(String[]::new);
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
