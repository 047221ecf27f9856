package org.loanmodel.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.loanmodel.importing.XgboostImporter;
import org.loanmodel.model.ImportProvenance;
import org.loanmodel.model.LoanModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code import}: turns a model saved as JSON by XGBoost into this service's artifact, with its
 * schema, drift profile and holdout metrics from reference data.
 *
 * <p>Example: {@code java -jar target/loan-model-api.jar import --xgboost model.json --reference
 * applicants.csv --label approved --out models/xgb.json}
 */
@Command(
        name = "import",
        description = "Import a model saved as JSON by XGBoost (binary:logistic) into a model artifact.",
        mixinStandardHelpOptions = true)
public final class ImportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--xgboost", required = true, description = "the model file saved by XGBoost as JSON")
    Path xgboost;

    @Option(
            names = "--reference",
            required = true,
            description = "reference data: CSV with a header row naming the model's features (any order)")
    Path reference;

    @Option(
            names = "--label",
            description = "the reference data's 0/1 outcome column (1 = approved), for holdout metrics")
    String label;

    @Option(
            names = "--schema",
            description = "JSON file of feature rules (kind, min, max, categories, optional, reason texts)")
    Path schema;

    @Option(
            names = "--threshold",
            defaultValue = "0.5",
            description = "approval probability threshold (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--out", required = true, description = "artifact file to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ArtifactOutput.checkWritable(this.out);
        XgboostImporter.Result result = new XgboostImporter(Clock.systemUTC())
                .run(new XgboostImporter.Request(xgboost, reference, label, schema, threshold));
        LoanModel model = result.model();
        ArtifactOutput.save(model, this.out);
        ImportProvenance from = model.metadata().imported();
        out.printf(
                "imported XGBoost %s model: %d trees, depth %d, %d features %s%n",
                from.libraryVersion(),
                from.trees(),
                from.maxDepth(),
                model.schema().size(),
                model.schema().names());
        out.printf("reference data: %d rows%n", from.referenceRows());
        result.notes().forEach(note -> out.println("note: " + note));
        if (model.metadata().holdout() != null) {
            out.println();
            out.print(TrainCommand.report(model, "labelled reference"));
        } else {
            out.println("no --label: the artifact has no holdout metrics");
        }
        out.printf("%nwrote %s (model version %s)%n", this.out, model.version());
        out.flush();
        return 0;
    }
}
