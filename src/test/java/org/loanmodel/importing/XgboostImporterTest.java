package org.loanmodel.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.explain.Explanation;
import org.loanmodel.explain.ForestExplainer;
import org.loanmodel.model.Bins;
import org.loanmodel.model.FeatureKind;
import org.loanmodel.model.FlatForest;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;

/**
 * XGBoost models trained in the test import into artifacts that serve XGBoost's own probabilities
 * and explain them as XGBoost's own TreeSHAP does; what does not fit is refused, named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XgboostImporterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    /** The reference columns in another order than the model's, the outcome third. */
    private static final int[] SHUFFLED = {3, 0, 4, 2, 1};

    @TempDir
    static Path dir;

    private Booster booster;
    private Path xgboostFile;
    private Path referenceFile;
    private double[][] reference;
    private float[] outcomes;

    @BeforeAll
    void trainAndSave() throws Exception {
        xgboostFile = dir.resolve("model.json");
        booster = XgboostReference.train(XgboostRows.rows(1, 3000), 80, 6, true, xgboostFile);
        reference = XgboostRows.rows(4, 1500);
        outcomes = XgboostRows.labels(reference, 5);
        referenceFile = dir.resolve("reference.csv");
        XgboostRows.writeCsv(referenceFile, reference, outcomes, SHUFFLED, 2);
    }

    private XgboostImporter.Result importWith(String label, Path schema) {
        return new XgboostImporter(CLOCK)
                .run(new XgboostImporter.Request(xgboostFile, referenceFile, label, schema, 0.5));
    }

    private static LoanApplication application(LoanModel model, double[] row) {
        return LoanApplication.of(model.schema(), row);
    }

    @Test
    void importedArtifactServesXgboostsProbabilitiesOnTwoThousandRows() throws Exception {
        Path artifact = dir.resolve("imported.json");
        ModelArtifact.save(importWith("approved", null).model(), artifact);
        LoanModel model = ModelArtifact.load(artifact);

        assertThat(model.forest().output()).isEqualTo(FlatForest.Output.LOGISTIC);
        assertThat(model.schema().names()).isEqualTo(XgboostReference.NAMES);
        assertThat(Files.readString(artifact)).contains("\"format\" : 3");
        double[][] rows = XgboostRows.rows(2, 2000);
        float[] expected = XgboostReference.predict(booster, rows);
        int identical = 0;
        for (int i = 0; i < rows.length; i++) {
            double served = model.probability(application(model, rows[i]));
            assertThat(served).as("row %d", i).isCloseTo(expected[i], within(1e-6));
            identical += served == expected[i] ? 1 : 0;
        }
        // The flat form keeps XGBoost's float arithmetic: not merely close, the same numbers.
        assertThat(identical).isGreaterThan(1990);
    }

    @Test
    void artifactRecordsWhereTheModelCameFromAndWhatTheDataLooksLike() throws Exception {
        LoanModel model = importWith("approved", null).model();

        var from = model.metadata().imported();
        assertThat(from.library()).isEqualTo("xgboost");
        assertThat(from.libraryVersion()).isEqualTo("3.4.0");
        assertThat(from.modelFile()).isEqualTo("model.json");
        assertThat(from.modelSha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(xgboostFile))));
        assertThat(from.trees()).isEqualTo(80);
        assertThat(from.maxDepth()).isEqualTo(6);
        assertThat(from.referenceRows()).isEqualTo(1500);
        assertThat(from.labelColumn()).isEqualTo("approved");
        assertThat(from.schemaFile()).isNull();
        assertThat(model.metadata().algorithm()).isEqualTo("xgboost");
        assertThat(model.metadata().provenance()).isNull();
        assertThat(model.metadata().createdAt()).isEqualTo("2026-12-01T10:00:00Z");

        // Every feature accepts any finite number; debt_ratio, absent in some rows, is optional.
        assertThat(model.schema().features())
                .allSatisfy(f -> assertThat(f.kind()).isEqualTo(FeatureKind.NUMBER))
                .extracting(f -> f.optional())
                .containsExactly(false, false, true, false, false);
        assertThat(model.schema().feature(0).max()).isEqualTo(Double.MAX_VALUE);
        // inquiries takes the whole values 0 to 8: one bin each; months_employed has 240: deciles.
        Bins inquiries = model.metadata().reference().features().get(4);
        assertThat(inquiries.cuts()).containsExactly(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5);
        assertThat(model.metadata().reference().features().get(3).cuts()).hasSize(9);

        // Holdout metrics are the served model's on the labelled reference rows.
        long correct = 0;
        for (int i = 0; i < reference.length; i++) {
            int approval = model.approval(model.probability(application(model, reference[i])));
            correct += approval == (int) outcomes[i] ? 1 : 0;
        }
        assertThat(model.metadata().holdout().rows()).isEqualTo(1500);
        assertThat(model.metadata().holdout().accuracy()).isEqualTo(correct / 1500.0);
    }

    /**
     * XGBoost computes its contributions in float: each tree's in float, then summed over the trees
     * into a float, in tree order. This service computes them in double, so the two differ by
     * XGBoost's rounding, which over 80 trees grows past 1e-6 on values near 4 (a float's step there
     * is 4.8e-7). Summing this service's own per-tree contributions in float, as XGBoost does, gives
     * XGBoost's numbers within 1e-6 on every row and feature: the difference is that rounding and
     * nothing else. The double values themselves are exact (local accuracy within 1e-9 here; the
     * brute-force test in explain checks them against every coalition).
     */
    @Test
    void contributionsEqualXgboostsPredictContribOnAThousandRows() throws Exception {
        LoanModel model = importWith("approved", null).model();
        ForestExplainer explainer = ForestExplainer.of(model);
        XgboostModel xgboost = XgboostJsonReader.read(xgboostFile);
        List<ForestExplainer> perTree = new java.util.ArrayList<>();
        for (XgboostTree tree : xgboost.trees()) {
            XgboostModel single = new XgboostModel(
                    xgboost.xgboostVersion(), xgboost.featureNames(), xgboost.features(), 0.5f, List.of(tree));
            perTree.add(ForestExplainer.of(new LoanModel(model.metadata(), XgboostFlattener.flatten(single))));
        }
        double[][] rows = XgboostRows.rows(6, 1000);
        float[][] expected = XgboostReference.contributions(booster, rows);
        int features = XgboostReference.NAMES.size();
        double largestInDouble = 0;
        int beyond = 0;
        for (int i = 0; i < rows.length; i++) {
            LoanApplication application = application(model, rows[i]);
            Explanation explanation = explainer.explain(application);
            assertThat(explanation.scale()).isEqualTo(Explanation.Scale.LOG_ODDS);
            float[] summedInFloat = new float[features + 1];
            summedInFloat[features] = xgboost.baseMargin();
            for (ForestExplainer tree : perTree) {
                Explanation part = tree.explain(application);
                for (int f = 0; f < features; f++) {
                    summedInFloat[f] += (float) part.contribution(f);
                }
                summedInFloat[features] += (float) part.baseValue();
            }
            for (int f = 0; f < features; f++) {
                assertThat(summedInFloat[f])
                        .as("row %d feature %s", i, XgboostReference.NAMES.get(f))
                        .isCloseTo(expected[i][f], within(1e-6f));
                double difference = Math.abs(explanation.contribution(f) - expected[i][f]);
                largestInDouble = Math.max(largestInDouble, difference);
                beyond += difference > 1e-6 ? 1 : 0;
                // 80 float additions of partial sums below 8 round by at most 80 * 2^-21 / 2 = 1.9e-5.
                assertThat(difference)
                        .as("row %d feature %s, in double", i, XgboostReference.NAMES.get(f))
                        .isLessThan(1.9e-5);
            }
            assertThat(summedInFloat[features]).isCloseTo(expected[i][features], within(1e-6f));
            assertThat(explanation.baseValue()).isCloseTo(expected[i][features], within(1e-6));
            double sum = explanation.baseValue();
            for (double contribution : explanation.contributions()) {
                sum += contribution;
            }
            assertThat(sum).as("local accuracy, row %d", i).isCloseTo(explanation.output(), within(1e-9));
            assertThat(explanation.output()).isEqualTo(model.forest().rawOutput(application));
        }
        System.out.println("contributions in double vs XGBoost's float ones: largest difference " + largestInDouble
                + ", " + beyond + " of " + rows.length * features + " beyond 1e-6");
    }

    @Test
    void aModelSavedByXgboost17ImportsAsExactly() throws Exception {
        Path legacy = dir.resolve("legacy.json");
        Path expected = dir.resolve("legacy-probabilities.txt");
        XgboostReference.trainWithXgboost17(legacy, expected);
        Path data = dir.resolve("legacy-reference.csv");
        XgboostRows.writeCsv(data, XgboostRows.rows(4, 300), null, new int[] {0, 1, 2, 3, 4}, 0);

        LoanModel model = new XgboostImporter(CLOCK)
                .run(new XgboostImporter.Request(legacy, data, null, null, 0.5))
                .model();
        assertThat(model.metadata().imported().libraryVersion()).isEqualTo("1.7.6");
        assertThat(model.metadata().holdout()).isNull();
        double[][] rows = XgboostRows.rows(2, 1000);
        List<String> probabilities = Files.readAllLines(expected);
        for (int i = 0; i < rows.length; i++) {
            assertThat(model.probability(application(model, rows[i])))
                    .as("row %d", i)
                    .isCloseTo(Float.parseFloat(probabilities.get(i)), within(1e-6));
        }
    }

    @Test
    void aSchemaFileSetsRulesReasonTextsAndOptionalFeatures() throws Exception {
        Path schema = dir.resolve("schema.json");
        Files.writeString(schema, """
                {"features": [
                  {"name": "credit_score", "kind": "integer", "min": 300, "max": 850,
                   "description": "bureau score", "reason_text": "credit score", "reason_code": "R01"},
                  {"name": "inquiries", "kind": "category", "categories": [8, 0, 1, 2, 3, 4, 5, 6, 7]},
                  {"name": "income", "min": 0, "max": 10000000, "optional": true}
                ]}
                """);
        LoanModel model = importWith("approved", schema).model();

        var credit = model.schema().feature(0);
        assertThat(credit.kind()).isEqualTo(FeatureKind.INTEGER);
        assertThat(credit.min()).isEqualTo(300);
        assertThat(credit.reasonCodeOrDefault()).isEqualTo("R01");
        assertThat(credit.reasonTextOrDefault()).isEqualTo("credit score");
        assertThat(model.schema().feature(4).categories()).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0);
        assertThat(model.schema().feature(1).optional()).isTrue();
        assertThat(model.schema().feature(1).max()).isEqualTo(10_000_000);
        assertThat(model.metadata().imported().schemaFile()).isEqualTo("schema.json");
        assertThatThrownBy(() -> credit.check(299))
                .hasMessage("feature 'credit_score' must be a whole number between 300 and 850, got 299");
    }

    @Test
    void whatDoesNotFitTheModelIsRefusedNamingIt() throws Exception {
        assertThatThrownBy(() -> importWith("outcome", null))
                .hasMessage("reference data " + referenceFile
                        + " has no column 'outcome' (set by --label); its columns: [months_employed, credit_score,"
                        + " approved, inquiries, debt_ratio, income]");
        assertThatThrownBy(() -> importWith(null, null))
                .hasMessage("reference data " + referenceFile + " has column(s) [approved] the model does not read;"
                        + " only the model's features and the --label column may appear");

        Path fewer = dir.resolve("fewer.csv");
        Files.writeString(fewer, "credit_score,income,debt_ratio\n700,50000,0.2\n");
        assertThatThrownBy(() -> new XgboostImporter(CLOCK)
                        .run(new XgboostImporter.Request(xgboostFile, fewer, null, null, 0.5)))
                .hasMessage("reference data " + fewer + " lacks the column(s) [inquiries, months_employed] the"
                        + " model reads");

        Path text = dir.resolve("text.csv");
        Files.writeString(text, "credit_score,income,debt_ratio,months_employed,inquiries\n700,lots,0.2,5,1\n");
        assertThatThrownBy(() ->
                        new XgboostImporter(CLOCK).run(new XgboostImporter.Request(xgboostFile, text, null, null, 0.5)))
                .hasMessage("reference data " + text + " line 2 column 'income': 'lots' is not a number");

        Path badLabel = dir.resolve("bad-label.csv");
        Files.writeString(
                badLabel,
                "credit_score,income,debt_ratio,months_employed,inquiries,approved\n700,5,0.2,5,1,1\n700,5,0.2,5,1,2\n");
        assertThatThrownBy(() -> new XgboostImporter(CLOCK)
                        .run(new XgboostImporter.Request(xgboostFile, badLabel, "approved", null, 0.5)))
                .hasMessage("reference data " + badLabel + " row 2: the outcome column 'approved' must be 0 or 1,"
                        + " got 2");

        Path schema = dir.resolve("strict.json");
        Files.writeString(schema, "{\"features\": [{\"name\": \"credit_score\", \"min\": 650, \"max\": 850}]}");
        assertThatThrownBy(() -> importWith("approved", schema))
                .hasMessageStartingWith("reference data " + referenceFile + " row ")
                .hasMessageContaining(
                        " breaks the schema: feature 'credit_score' must be a number between 650 and" + " 850, got ");
        Files.writeString(schema, "{\"features\": [{\"name\": \"age\", \"max\": 120}]}");
        assertThatThrownBy(() -> importWith("approved", schema))
                .hasMessage("schema file " + schema + " sets feature(s) [age] the model does not read; its features:"
                        + " [credit_score, income, debt_ratio, months_employed, inquiries]");
        Files.writeString(schema, "{\"features\": [{\"name\": \"income\", \"maximum\": 5}]}");
        assertThatThrownBy(() -> importWith("approved", schema))
                .hasMessage("schema file " + schema + " feature 1 has unknown key 'maximum'; known keys: [categories,"
                        + " description, kind, max, min, name, optional, reason_code, reason_text]");
        Files.writeString(schema, "{\"features\": [}");
        assertThatThrownBy(() -> importWith("approved", schema))
                .hasMessage("schema file " + schema + ": it is not valid JSON (line 1, column 15)");
        Files.writeString(schema, "{\"features\": [{\"name\": \"income\", \"kind\": \"text\"}]}");
        assertThatThrownBy(() -> importWith("approved", schema))
                .hasMessage("schema file " + schema + " feature 1 ('income') has kind 'text'; kinds are number,"
                        + " integer, category");

        assertThatThrownBy(() -> new XgboostImporter.Request(xgboostFile, referenceFile, null, null, 1.0))
                .hasMessage("--threshold must be between 0 and 1 (exclusive), got 1.0");
    }

    @Test
    void featureNamesThatCannotBeApiFieldsAreRefused() throws Exception {
        Path unnamed = dir.resolve("unnamed.json");
        XgboostReference.train(XgboostRows.rows(1, 500), 5, 3, false, unnamed);
        Path data = dir.resolve("capitals.csv");
        Files.writeString(data, "CreditScore,income,debt_ratio,months_employed,inquiries\n700,50000,0.2,5,1\n");
        assertThatThrownBy(() ->
                        new XgboostImporter(CLOCK).run(new XgboostImporter.Request(unnamed, data, null, null, 0.5)))
                .hasMessage("feature 'CreditScore' cannot be a field of the API: names must be lower snake case (a-z,"
                        + " 0-9, _, starting with a letter); rename it in the training data and retrain, or save the"
                        + " model without feature names");

        Path short4 = dir.resolve("four.csv");
        Files.writeString(short4, "a,b,c,d\n1,2,3,4\n");
        assertThatThrownBy(() ->
                        new XgboostImporter(CLOCK).run(new XgboostImporter.Request(unnamed, short4, null, null, 0.5)))
                .hasMessage("reference data " + short4 + " has 4 feature columns [a, b, c, d], the model (saved"
                        + " without feature names) reads 5 features by position");
    }
}
