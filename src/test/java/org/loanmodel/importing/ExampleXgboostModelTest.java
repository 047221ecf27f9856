package org.loanmodel.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.model.FeatureKind;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.testing.Tools;
import org.loanmodel.training.LoanDataGenerator;

/** The example in {@code examples/xgboost} is what its generator writes, and imports exactly. */
class ExampleXgboostModelTest {
    private static final Path EXAMPLE = Tools.projectDir().resolve("examples/xgboost");

    @TempDir
    Path dir;

    @Test
    void theCommittedExampleIsWhatTheGeneratorWrites() throws Exception {
        ExampleXgboostModel.write(dir);
        for (String file : List.of("model.json", "reference.csv", "schema.json")) {
            assertThat(Files.readString(dir.resolve(file)))
                    .as("examples/xgboost/%s (regenerate with ExampleXgboostModel)", file)
                    .isEqualTo(Files.readString(EXAMPLE.resolve(file)));
        }
    }

    @Test
    void theExampleImportsWithTheSeedRulesAndServesXgboostsProbabilities() throws Exception {
        LoanModel model = new XgboostImporter(Clock.systemUTC())
                .run(new XgboostImporter.Request(
                        EXAMPLE.resolve("model.json"),
                        EXAMPLE.resolve("reference.csv"),
                        "approved",
                        EXAMPLE.resolve("schema.json"),
                        0.5))
                .model();
        assertThat(model.schema()).isEqualTo(LoanDataGenerator.SCHEMA);
        assertThat(model.schema().feature(3).kind()).isEqualTo(FeatureKind.CATEGORY);
        assertThat(model.metadata().holdout().accuracy()).isGreaterThan(0.9);

        Booster booster = XGBoost.loadModel(EXAMPLE.resolve("model.json").toString());
        LoanDataGenerator generator = new LoanDataGenerator(5, 0);
        double[][] rows = new double[1000][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = generator.nextApplication().values();
        }
        float[] expected = XgboostReference.predict(booster, rows);
        for (int i = 0; i < rows.length; i++) {
            assertThat(model.probability(LoanApplication.of(model.schema(), rows[i])))
                    .as("row %d", i)
                    .isCloseTo(expected[i], within(1e-6));
        }
    }
}
