package org.loanmodel.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.loanmodel.model.HoldoutMetrics;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.Numbers;
import org.loanmodel.training.Trainer;
import org.loanmodel.training.TrainerSettings;
import org.loanmodel.training.TrainingProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: generates the synthetic data, trains the forest and writes a model artifact.
 *
 * <p>Example: {@code java -jar target/loan-model-api.jar train --out models/noisy.json --noise
 * 0.1}
 */
@Command(
        name = "train",
        description = "Train the loan model on synthetic data and write a model artifact.",
        mixinStandardHelpOptions = true,
        defaultValueProvider = TrainCommand.Defaults.class)
public final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--out",
            description = "artifact file to write (default: ${DEFAULT-VALUE})",
            defaultValue = "models/loan-model.json")
    Path out;

    @Option(names = "--rows", description = "applications to generate (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--seed", description = "data generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--noise", description = "probability of flipping a label, 0 to 0.5 (default: ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--train-fraction", description = "share of rows for training (default: ${DEFAULT-VALUE})")
    double trainFraction;

    @Option(names = "--trees", description = "number of trees (default: ${DEFAULT-VALUE})")
    int trees;

    @Option(names = "--max-depth", description = "maximum tree depth (default: ${DEFAULT-VALUE})")
    int maxDepth;

    @Option(names = "--feature-fraction", description = "share of features tried per split (default: ${DEFAULT-VALUE})")
    double featureFraction;

    @Option(names = "--min-child-weight", description = "minimum child node weight (default: ${DEFAULT-VALUE})")
    double minChildWeight;

    @Option(names = "--trainer-seed", description = "forest trainer seed (default: ${DEFAULT-VALUE})")
    long trainerSeed;

    @Option(names = "--threshold", description = "approval probability threshold (default: ${DEFAULT-VALUE})")
    double threshold;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ArtifactOutput.checkWritable(this.out);
        TrainerSettings settings = TrainerSettings.builder()
                .rows(rows)
                .generatorSeed(seed)
                .labelNoise(noise)
                .trainFraction(trainFraction)
                .trees(trees)
                .maxDepth(maxDepth)
                .featureFraction(featureFraction)
                .minChildWeight(minChildWeight)
                .trainerSeed(trainerSeed)
                .threshold(threshold)
                .build();
        long start = System.nanoTime();
        StepTimer steps = new StepTimer(out);
        LoanModel model = new Trainer(Clock.systemUTC()).train(settings, steps).model();
        steps.finish();
        ArtifactOutput.save(model, this.out);
        out.printf("done in %.1f s%n%n", (System.nanoTime() - start) / 1e9);
        out.print(report(model));
        out.printf("%nwrote %s (model version %s)%n", this.out, model.version());
        out.flush();
        return 0;
    }

    /** Prints each step as it starts and how long it took once the next one starts. */
    private static final class StepTimer implements TrainingProgress {
        private final PrintWriter out;
        private long stepStart;
        private boolean open;

        StepTimer(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void started(int step, int total, String description) {
            finish();
            out.printf("[%d/%d] %s ... ", step, total, description);
            out.flush();
            stepStart = System.nanoTime();
            open = true;
        }

        void finish() {
            if (open) {
                out.printf("%.2f s%n", (System.nanoTime() - stepStart) / 1e9);
                out.flush();
                open = false;
            }
        }
    }

    /** Each training option's default, read from {@link TrainerSettings#defaults()} so it is written once. */
    public static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec argument) {
            if (!(argument instanceof OptionSpec option)) {
                return null;
            }
            TrainerSettings shipped = TrainerSettings.defaults();
            return switch (option.longestName()) {
                case "--rows" -> Integer.toString(shipped.rows());
                case "--seed" -> Long.toString(shipped.generatorSeed());
                case "--noise" -> Double.toString(shipped.labelNoise());
                case "--train-fraction" -> Double.toString(shipped.trainFraction());
                case "--trees" -> Integer.toString(shipped.trees());
                case "--max-depth" -> Integer.toString(shipped.maxDepth());
                case "--feature-fraction" -> Double.toString(shipped.featureFraction());
                case "--min-child-weight" -> Double.toString(shipped.minChildWeight());
                case "--trainer-seed" -> Long.toString(shipped.trainerSeed());
                case "--threshold" -> Double.toString(shipped.threshold());
                default -> null;
            };
        }
    }

    /** The holdout metrics as an aligned table. */
    static String report(LoanModel model) {
        return report(model, "holdout");
    }

    /** The holdout metrics as an aligned table, titled by what the rows were. */
    static String report(LoanModel model, String rows) {
        HoldoutMetrics m = model.metadata().holdout();
        StringBuilder table = new StringBuilder();
        table.append(String.format(
                "%s metrics (%d rows, threshold %s)%n",
                rows, m.rows(), Numbers.format(model.metadata().threshold())));
        row(table, "accuracy", m.accuracy());
        row(table, "precision", m.precision());
        row(table, "recall", m.recall());
        row(table, "f1", m.f1());
        row(table, "roc auc", m.rocAuc());
        row(table, "brier score", m.brierScore());
        table.append(String.format(
                "  %-12s tp %d  fp %d  tn %d  fn %d%n",
                "confusion", m.truePositives(), m.falsePositives(), m.trueNegatives(), m.falseNegatives()));
        table.append(String.format("%ncalibration: %s rows by predicted probability%n", rows));
        table.append(String.format("  %-12s %6s %8s %9s%n", "probability", "rows", "mean p", "approved"));
        for (HoldoutMetrics.ReliabilityBin bin : m.reliability()) {
            String interval = String.format("[%.1f, %.1f%s", bin.lower(), bin.upper(), bin.upper() >= 1 ? "]" : ")");
            table.append(String.format(
                    "  %-12s %6d %8.4f %9.4f%n", interval, bin.rows(), bin.meanProbability(), bin.approvedRate()));
        }
        return table.toString();
    }

    private static void row(StringBuilder table, String name, double value) {
        table.append(String.format("  %-12s %.4f%n", name, value));
    }
}
