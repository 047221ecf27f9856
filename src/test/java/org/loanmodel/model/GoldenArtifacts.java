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
import org.loanmodel.training.LoanDataGenerator;
import org.loanmodel.training.Trainer;
import org.loanmodel.training.TrainerSettings;
import org.loanmodel.training.TrainingProgress;

/**
 * Writes the golden fixtures under {@code src/test/resources/golden}: a small model artifact and
 * the probabilities it gave. Run it only on a deliberate change of the artifact format, never to
 * make a failing golden test pass:
 *
 * <pre>java -cp target/test-classes:target/classes:$(./mvnw -q dependency:build-classpath
 *     -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test) org.loanmodel.model.GoldenArtifacts</pre>
 */
public final class GoldenArtifacts {
    static final Path FOLDER = Path.of("src/test/resources/golden");
    static final String MODEL = "loan-model-golden.json";
    static final String PREDICTIONS = "predictions.csv";
    static final TrainerSettings SETTINGS = new TrainerSettings(600, 11, 0.05, 0.8, 5, 4, 0.5, 5, 11, 0.5);

    private GoldenArtifacts() {}

    /** Applications the golden predictions are made on: another seed than the training data. */
    static List<LoanApplication> applications() {
        LoanDataGenerator generator = new LoanDataGenerator(2024, 0);
        List<LoanApplication> applications = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            applications.add(generator.nextApplication());
        }
        return applications;
    }

    public static void main(String[] args) throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        LoanModel model =
                new Trainer(clock).train(SETTINGS, TrainingProgress.SILENT).model();
        ModelArtifact.save(model, FOLDER.resolve(MODEL));
        StringBuilder csv = new StringBuilder(String.join(",", LoanDataGenerator.SCHEMA.names()) + ",probability\n");
        for (LoanApplication application : applications()) {
            csv.append(DoubleStream.of(application.values())
                            .mapToObj(Numbers::format)
                            .collect(Collectors.joining(",")))
                    .append(',')
                    .append(model.probability(application))
                    .append('\n');
        }
        Files.writeString(FOLDER.resolve(PREDICTIONS), csv);
        System.out.println("wrote golden model " + model.version());
    }
}
