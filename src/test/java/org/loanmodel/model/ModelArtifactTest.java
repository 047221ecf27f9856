package org.loanmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.loanmodel.training.LoanDataGenerator;

class ModelArtifactTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    private static LoanModel golden() {
        return ModelArtifact.load(GOLDEN.resolve(GoldenArtifacts.MODEL));
    }

    @Test
    void goldenArtifactStillLoadsWithItsRecordedMetadata() {
        LoanModel model = golden();
        assertThat(model.version()).isEqualTo("bdf398f62e9b");
        assertThat(model.metadata().createdAt()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(model.metadata().algorithm()).isEqualTo("random_forest");
        assertThat(model.metadata().threshold()).isEqualTo(0.5);
        assertThat(model.metadata().schema()).isEqualTo(LoanDataGenerator.SCHEMA);
        assertThat(model.forest().trees()).isEqualTo(5);
        assertThat(model.metadata().provenance().generatorSeed()).isEqualTo(11);
        assertThat(model.metadata().provenance().labelNoise()).isEqualTo(0.05);
        assertThat(model.metadata().provenance().libraries()).containsEntry("tribuo", "4.3.2");
        assertThat(model.metadata().holdout().rows()).isEqualTo(120);
    }

    @Test
    void goldenArtifactAnswersExactlyAsWhenItWasSaved() throws IOException {
        LoanModel model = golden();
        List<String> rows = Files.readAllLines(GOLDEN.resolve(GoldenArtifacts.PREDICTIONS));
        assertThat(rows).hasSize(51);
        for (String row : rows.subList(1, rows.size())) {
            double[] fields = Arrays.stream(row.split(","))
                    .mapToDouble(Double::parseDouble)
                    .toArray();
            LoanApplication application = LoanApplication.of(LoanDataGenerator.SCHEMA, Arrays.copyOf(fields, 7));
            assertThat(model.probability(application)).as(row).isEqualTo(fields[7]);
        }
    }

    @Test
    void savedModelLoadsBackIdentical(@TempDir Path dir) throws IOException {
        LoanModel model = golden();
        Path copy = dir.resolve("nested/model.json");
        ModelArtifact.save(model, copy);
        LoanModel loaded = ModelArtifact.load(copy);
        assertThat(loaded.forest()).isEqualTo(model.forest());
        assertThat(loaded.metadata()).isEqualTo(model.metadata());
    }

    @Test
    void artifactEditedAfterTrainingIsRefused(@TempDir Path dir) throws IOException {
        String json = Files.readString(GOLDEN.resolve(GoldenArtifacts.MODEL), StandardCharsets.UTF_8);
        Path edited = dir.resolve("edited.json");
        Files.writeString(edited, json.replace("\"threshold\" : 0.5", "\"threshold\" : 0.4"));
        assertThatThrownBy(() -> ModelArtifact.load(edited))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model file " + edited + " declares version bdf398f62e9b but its content hashes to "
                        + ModelArtifact.contentVersion(withThreshold(golden().metadata(), 0.4), golden().forest())
                        + "; it was changed after training");
    }

    private static ModelMetadata withThreshold(ModelMetadata m, double threshold) {
        return new ModelMetadata(
                m.version(),
                m.createdAt(),
                m.algorithm(),
                threshold,
                m.schema(),
                m.reference(),
                m.provenance(),
                m.holdout());
    }

    @Test
    void missingFileSaysWhichSettingToFix(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> ModelArtifact.load(missing))
                .hasMessage("model file not found: " + missing + " (set --model or MODEL_PATH)");
    }

    @Test
    void fileThatIsNotAnArtifactIsRefused(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.json");
        Files.writeString(text, "{\"hello\": 1}");
        assertThatThrownBy(() -> ModelArtifact.load(text))
                .hasMessage("model file " + text
                        + " is not a valid model artifact: field 'hello' is not part of a model artifact");
    }

    @Test
    void aModelSavedByXgboostIsRefusedSayingWhatToDoWithIt() {
        Path xgboost = Path.of("examples", "xgboost", "model.json");
        assertThatThrownBy(() -> ModelArtifact.load(xgboost))
                .hasMessage("model file " + xgboost + " is not a valid model artifact: field 'learner' is not part of"
                        + " a model artifact; it looks like a model saved by XGBoost, which the import command turns"
                        + " into an artifact");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "null|holds JSON null, not a model artifact object",
                "{\"format\": 2, \"metadata\": {\"schema\": {\"features\": [{\"name\": \"a|"
                        + "is not a valid model artifact: it is not valid JSON (line 1, column 63), in field"
                        + " 'metadata.schema.features[0].name'",
                "[]|is not a valid model artifact: the document must be an object",
                "{\"format\": \"two\"}|is not a valid model artifact: field 'format' must be a whole number",
                "{\"format\": 2,|is not a valid model artifact: it is not valid JSON (line 1, column 14)",
                "{\"format\": 2, \"metadata\": {}, \"forest\": {}}|"
                        + "is not a valid model artifact: field 'metadata.version' is missing",
                "{\"format\": 2, \"forest\": [1], \"metadata\": {}}|"
                        + "is not a valid model artifact: field 'forest' must be an object",
                "{\"format\": 2, \"metadata\": {\"schema\": {\"features\": [{\"name\": \"a\", \"max\": []}]}}}|"
                        + "is not a valid model artifact: field 'metadata.schema.features[0].max' must be a number",
            })
    void documentThatIsNotAnArtifactIsRefusedByFieldAndRule(String document, String message, @TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("artifact.json");
        Files.writeString(file, document);
        assertThatThrownBy(() -> ModelArtifact.load(file)).hasMessage("model file " + file + " " + message);
    }

    @Test
    void forestWithoutOneOfItsArraysIsRefusedByName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("artifact.json");
        Files.writeString(
                file,
                ModelArtifact.toJson(golden()).replaceFirst("\"leafScores\" : \\[[^\\]]*\\]", "\"leafScores\" : null"));
        assertThatThrownBy(() -> ModelArtifact.load(file))
                .hasMessage("model file " + file + " has an invalid forest: field 'forest.leafScores' is missing");
    }

    @Test
    void shippedModelLoadsFromTheClasspath() {
        LoanModel shipped = ModelArtifact.loadDefault();
        assertThat(shipped.forest().trees()).isEqualTo(100);
        assertThat(shipped.metadata().holdout().accuracy()).isGreaterThan(0.98);
    }

    @Test
    void shippedModelHasNodeCoversAndCanExplain() {
        LoanModel shipped = ModelArtifact.loadDefault();
        assertThat(shipped.forest().hasCovers()).isTrue();
        assertThat(shipped.canExplain()).isTrue();
        assertThat(shipped.cannotExplainReason()).isEmpty();
    }

    @Test
    void formatOneArtifactServesButSaysItCannotExplain() {
        LoanModel model = golden();
        assertThat(model.forest().hasCovers()).isFalse();
        assertThat(model.canExplain()).isFalse();
        assertThat(model.cannotExplainReason())
                .contains("model bdf398f62e9b has no node covers and cannot explain decisions;"
                        + " retrain it (train --out ...) to add them");
    }

    @Test
    void formatOneArtifactIsWrittenBackByteForByte() throws IOException {
        String file = Files.readString(GOLDEN.resolve(GoldenArtifacts.MODEL), StandardCharsets.UTF_8);
        assertThat(ModelArtifact.toJson(golden()) + "\n").isEqualTo(file);
    }

    @Test
    void formatTwoGoldenArtifactHasTheFormatOneTreesWithCovers() {
        LoanModel v2 = ModelArtifact.load(GOLDEN.resolve(GoldenArtifacts.MODEL_V2));
        FlatForest forest = v2.forest();
        assertThat(v2.version()).isEqualTo("ad94e73b5949");
        assertThat(v2.canExplain()).isTrue();
        assertThat(new FlatForest(
                        forest.features(),
                        forest.roots(),
                        forest.splitFeature(),
                        forest.splitValue(),
                        forest.greater(),
                        forest.lessOrEqual(),
                        forest.leafScores(),
                        forest.approvalSlot()))
                .isEqualTo(golden().forest());
        // The training rows (480) reach every root.
        for (int root : forest.roots()) {
            assertThat(forest.splitCover()[root]).isEqualTo(480);
        }
        assertThat(v2.metadata().schema()).isEqualTo(golden().metadata().schema());
    }

    @Test
    void formatTwoGoldenArtifactIsWrittenBackByteForByte() throws IOException {
        String file = Files.readString(GOLDEN.resolve(GoldenArtifacts.MODEL_V2), StandardCharsets.UTF_8);
        assertThat(file).startsWith("{\n  \"format\" : 2,");
        assertThat(ModelArtifact.toJson(ModelArtifact.load(GOLDEN.resolve(GoldenArtifacts.MODEL_V2))) + "\n")
                .isEqualTo(file);
    }

    @Test
    void formatTwoArtifactWithoutCoversIsRefused(@TempDir Path dir) throws IOException {
        String json = Files.readString(GOLDEN.resolve(GoldenArtifacts.MODEL), StandardCharsets.UTF_8);
        Path file = dir.resolve("no-covers.json");
        Files.writeString(file, json.replace("\"format\" : 1", "\"format\" : 2"));
        assertThatThrownBy(() -> ModelArtifact.load(file))
                .hasMessage("model file " + file + " has format 2 but its forest lacks splitCover and leafCover");
    }

    @Test
    void formatOneArtifactWithCoversIsRefused(@TempDir Path dir) throws IOException {
        String json = Files.readString(GOLDEN.resolve(GoldenArtifacts.MODEL_V2), StandardCharsets.UTF_8);
        Path file = dir.resolve("covers.json");
        Files.writeString(file, json.replace("\"format\" : 2", "\"format\" : 1"));
        assertThatThrownBy(() -> ModelArtifact.load(file))
                .hasMessage("model file " + file
                        + " has format 1, which has no node covers, but its forest has splitCover or leafCover");
    }

    @Test
    void artifactOfAnotherFormatIsRefused(@TempDir Path dir) throws IOException {
        String json = Files.readString(GOLDEN.resolve(GoldenArtifacts.MODEL_V2), StandardCharsets.UTF_8);
        Path file = dir.resolve("future.json");
        Files.writeString(file, json.replace("\"format\" : 2", "\"format\" : 4"));
        assertThatThrownBy(() -> ModelArtifact.load(file))
                .hasMessage("model file " + file + " has format 4, this service reads formats 1 to 3");
    }

    @Test
    void aForestDeclaredAsBoostedTreesIsRefused(@TempDir Path dir) throws IOException {
        String json = Files.readString(GOLDEN.resolve(GoldenArtifacts.MODEL_V2), StandardCharsets.UTF_8);
        Path file = dir.resolve("not-boosted.json");
        Files.writeString(file, json.replace("\"format\" : 2", "\"format\" : 3"));
        assertThatThrownBy(() -> ModelArtifact.load(file))
                .hasMessage("model file " + file + " has format 3 but its forest is not boosted trees");
    }

    @Test
    void editedCoversChangeTheContentHash(@TempDir Path dir) throws IOException {
        String json = Files.readString(GOLDEN.resolve(GoldenArtifacts.MODEL_V2), StandardCharsets.UTF_8);
        Path file = dir.resolve("edited-covers.json");
        Files.writeString(file, json.replaceFirst("\"splitCover\" : \\[ 480.0", "\"splitCover\" : [ 481.0"));
        assertThatThrownBy(() -> ModelArtifact.load(file))
                .hasMessageStartingWith(
                        "model file " + file + " declares version ad94e73b5949 but its content hashes to ");
    }
}
