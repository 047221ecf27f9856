package org.loanmodel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.training.Trainer;
import org.loanmodel.training.TrainerSettings;
import org.loanmodel.training.TrainingExample;
import org.loanmodel.training.TrainingProgress;

/**
 * A test-only schema that is not the seed's: nine features of a small-business loan, one of them
 * categorical ({@code sector}) and one optional ({@code collateral}), with a generator of labelled
 * rows and a model trained on them, for tests that must show nothing is written for seven features.
 *
 * <p>Rows are uniform within training ranges narrower than the accepted ones; a row is approved
 * exactly when {@code owner_score > 620 && debt_ratio < 1.5 && late_payments < 4}.
 */
public final class NineFeatures {
    public static final FeatureSchema SCHEMA = new FeatureSchema(List.of(
            FeatureSpec.integer("years_trading", 0, 100, "years the business has traded"),
            FeatureSpec.number("revenue", 0, 50_000_000, "yearly revenue"),
            FeatureSpec.number("requested", 1_000, 5_000_000, "amount requested"),
            FeatureSpec.number("debt_ratio", 0, 5, "debt over revenue"),
            FeatureSpec.integer("employees", 0, 10_000, "head count"),
            FeatureSpec.integer("late_payments", 0, 50, "late payments in the last two years"),
            FeatureSpec.category("sector", List.of(0.0, 1.0, 2.0, 3.0, 4.0), "industry sector code"),
            FeatureSpec.number("collateral", 0, 10_000_000, "value pledged").asOptional(),
            FeatureSpec.integer("owner_score", 300, 850, "owner's credit score")));

    private NineFeatures() {}

    /** {@code count} labelled rows; the same seed gives the same rows. */
    public static List<TrainingExample> rows(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TrainingExample> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double[] values = {
                random.nextInt(1, 40),
                random.nextInt(50_000, 2_000_000),
                random.nextInt(5_000, 500_000),
                random.nextDouble(0, 3),
                random.nextInt(1, 200),
                random.nextInt(0, 10),
                random.nextInt(5),
                random.nextInt(0, 1_000_000),
                random.nextInt(400, 800)
            };
            LoanApplication application = LoanApplication.of(SCHEMA, values);
            rows.add(new TrainingExample(application, approved(application) ? 1 : 0));
        }
        return rows;
    }

    private static boolean approved(LoanApplication application) {
        return application.value("owner_score") > 620
                && application.value("debt_ratio") < 1.5
                && application.value("late_payments") < 4;
    }

    /** A forest trained on 1000 rows with the shipped trainer settings, trained once per test JVM. */
    public static LoanModel model() {
        return Trained.MODEL;
    }

    /** Holds the model, trained on first use: training takes seconds, and the model is immutable. */
    private static final class Trained {
        static final LoanModel MODEL = new Trainer(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
                .train(
                        SCHEMA,
                        rows(11, 1000),
                        "nine-feature test rows",
                        TrainerSettings.defaults(),
                        TrainingProgress.SILENT)
                .model();
    }

    /** {@link #model()} saved as an artifact at {@code file}, for {@code --model}. */
    public static Path saveModel(Path file) {
        try {
            ModelArtifact.save(model(), file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
