package org.loanmodel.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.loanmodel.explain.Explanation;
import org.loanmodel.explain.ForestExplainer;
import org.loanmodel.training.LoanDataGenerator;
import org.loanmodel.training.Trainer;
import org.loanmodel.training.TrainerSettings;
import org.loanmodel.training.TrainingProgress;

/**
 * The golden fixtures under {@code src/test/resources/golden}: small model artifacts and what they
 * answered when saved.
 *
 * <ul>
 *   <li>{@value #MODEL} and {@value #PREDICTIONS}: artifact format 1 (no node covers) and its
 *       probabilities, written by the format-1 code. They are frozen: nothing here writes them.
 *   <li>{@value #MODEL_V2} and {@value #EXPLANATIONS_V2}: format 2, the same training run with
 *       node covers, and the exact explanations of a few applications.
 * </ul>
 *
 * <p>Run this only on a deliberate change of the format-2 artifact or of the explanations, never to
 * make a failing golden test pass; it rewrites the format-2 files:
 *
 * <pre>java -cp target/test-classes:target/classes:$(./mvnw -q dependency:build-classpath
 *     -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test) org.loanmodel.model.GoldenArtifacts</pre>
 */
public final class GoldenArtifacts {
    public static final Path FOLDER = Path.of("src/test/resources/golden");
    static final String MODEL = "loan-model-golden.json";
    static final String PREDICTIONS = "predictions.csv";
    public static final String MODEL_V2 = "loan-model-golden-v2.json";
    public static final String EXPLANATIONS_V2 = "explanations-v2.csv";
    /** How many of {@link #applications()} the explanations file holds. */
    public static final int EXPLAINED = 12;

    static final TrainerSettings SETTINGS = TrainerSettings.builder()
            .rows(600)
            .generatorSeed(11)
            .labelNoise(0.05)
            .trees(5)
            .maxDepth(4)
            .trainerSeed(11)
            .build();

    private GoldenArtifacts() {}

    /** Applications the golden answers are given for: another seed than the training data. */
    public static List<LoanApplication> applications() {
        LoanDataGenerator generator = new LoanDataGenerator(2024, 0);
        List<LoanApplication> applications = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            applications.add(generator.nextApplication());
        }
        return applications;
    }

    /** The format-2 golden model. */
    public static LoanModel modelV2() {
        return ModelArtifact.load(FOLDER.resolve(MODEL_V2));
    }

    /** The header of the explanations file: the features, the probability, the base value, each contribution. */
    public static String explanationsHeader(FeatureSchema schema) {
        return String.join(",", schema.names()) + ",probability,base_value,"
                + schema.names().stream().map(name -> "contribution_" + name).collect(Collectors.joining(","));
    }

    public static void main(String[] args) throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        LoanModel model =
                new Trainer(clock).train(SETTINGS, TrainingProgress.SILENT).model();
        ModelArtifact.save(model, FOLDER.resolve(MODEL_V2));
        ForestExplainer explainer = ForestExplainer.of(model);
        StringBuilder csv = new StringBuilder(explanationsHeader(model.schema()) + "\n");
        for (LoanApplication application : applications().subList(0, EXPLAINED)) {
            Explanation explanation = explainer.explain(application);
            csv.append(DoubleStream.of(application.values())
                            .mapToObj(Numbers::format)
                            .collect(Collectors.joining(",")))
                    .append(',')
                    .append(explanation.output())
                    .append(',')
                    .append(explanation.baseValue());
            for (double contribution : explanation.contributions()) {
                csv.append(',').append(contribution);
            }
            csv.append('\n');
        }
        Files.writeString(FOLDER.resolve(EXPLANATIONS_V2), csv);
        System.out.println("wrote golden model " + model.version());
    }
}
