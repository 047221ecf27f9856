package org.loanmodel.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the one-file model artifact: a JSON document holding the {@link ModelMetadata}
 * and the {@link FlatForest}.
 *
 * <p>The version is a content hash, checked on every load, so a file edited after training is
 * refused instead of being served under a version it does not have.
 *
 * <p>Format 2 adds the cover of every node to the forest ({@code splitCover}, {@code leafCover}),
 * which exact explanations need; covers are content, so they are part of the hash. Format-1 files
 * (no covers) still load and serve, and are written back as format 1; such a model cannot explain
 * its decisions ({@link LoanModel#canExplain()}).
 *
 * <p>Format 3 holds boosted trees ({@link FlatForest.Output#LOGISTIC}, imported from XGBoost): one
 * margin per leaf, the base margin, and the side each split sends an absent value to. It has its
 * own number so that a release that cannot serve such trees refuses the file by its format.
 */
public final class ModelArtifact {
    /** Format of the artifact file written for a forest with covers; bumped on incompatible changes. */
    public static final int FORMAT = 2;
    /** The first format, without node covers: still read, and written for a forest without covers. */
    public static final int FORMAT_WITHOUT_COVERS = 1;
    /** The format of boosted trees with covers. */
    public static final int FORMAT_BOOSTED = 3;
    /** Classpath location of the model that ships with the service. */
    public static final String DEFAULT_RESOURCE = "/models/loan-model.json";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectWriter PRETTY = JSON.writer(
            new DefaultPrettyPrinter().withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n")));

    private ModelArtifact() {}

    /**
     * On-disk shape of the forest arrays. The covers are written only when present, so a forest
     * without them has exactly its format-1 document and content hash.
     */
    record ForestJson(
            int features,
            int[] roots,
            int[] splitFeature,
            double[] splitValue,
            int[] greater,
            int[] lessOrEqual,
            double[] leafScores,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer approvalSlot,
            @JsonInclude(JsonInclude.Include.NON_NULL) double[] splitCover,
            @JsonInclude(JsonInclude.Include.NON_NULL) double[] leafCover,
            @JsonInclude(JsonInclude.Include.NON_NULL) String output,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double baseMargin,
            @JsonInclude(JsonInclude.Include.NON_NULL) boolean[] missingGreater) {

        private static final String LOGISTIC = "logistic";

        static ForestJson of(FlatForest forest) {
            boolean boosted = forest.output() == FlatForest.Output.LOGISTIC;
            return new ForestJson(
                    forest.features(),
                    forest.roots(),
                    forest.splitFeature(),
                    forest.splitValue(),
                    forest.greater(),
                    forest.lessOrEqual(),
                    forest.leafScores(),
                    boosted ? null : forest.approvalSlot(),
                    forest.splitCover(),
                    forest.leafCover(),
                    boosted ? LOGISTIC : null,
                    boosted ? forest.baseMargin() : null,
                    boosted ? forest.missingGreater() : null);
        }

        boolean boosted() {
            return output != null;
        }

        boolean hasCovers() {
            return splitCover != null || leafCover != null;
        }

        FlatForest toForest() {
            Map<String, Object> required = new LinkedHashMap<>();
            required.put("roots", roots);
            required.put("splitFeature", splitFeature);
            required.put("splitValue", splitValue);
            required.put("greater", greater);
            required.put("lessOrEqual", lessOrEqual);
            required.put("leafScores", leafScores);
            required.forEach((name, array) -> {
                if (array == null) {
                    throw new IllegalArgumentException("field 'forest." + name + "' is missing");
                }
            });
            FlatForest forest;
            if (boosted()) {
                if (!output.equals(LOGISTIC) || baseMargin == null || missingGreater == null) {
                    throw new IllegalArgumentException("boosted trees need output '" + LOGISTIC
                            + "', baseMargin and missingGreater, got output '" + output + "'");
                }
                forest = FlatForest.boosted(
                        features,
                        roots,
                        splitFeature,
                        splitValue,
                        greater,
                        lessOrEqual,
                        missingGreater,
                        leafScores,
                        baseMargin);
            } else {
                if (approvalSlot == null) {
                    throw new IllegalArgumentException("a forest needs approvalSlot");
                }
                forest = new FlatForest(
                        features, roots, splitFeature, splitValue, greater, lessOrEqual, leafScores, approvalSlot);
            }
            if (!hasCovers()) {
                return forest;
            }
            if (splitCover == null || leafCover == null) {
                throw new IllegalArgumentException("a forest with covers needs both splitCover and leafCover");
            }
            return forest.withCovers(splitCover, leafCover);
        }
    }

    /** On-disk shape of the whole artifact. */
    record ArtifactJson(int format, ModelMetadata metadata, ForestJson forest) {}

    /** The content hash that identifies what the model answers: 12 hex digits of a SHA-256. */
    public static String contentVersion(ModelMetadata metadata, FlatForest forest) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("schema", metadata.schema());
        content.put("threshold", metadata.threshold());
        content.put("reference", metadata.reference());
        content.put("forest", ForestJson.of(forest));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(content));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot hash model content", e);
        }
    }

    /** Stamps the content version into the metadata and returns the servable model. */
    public static LoanModel seal(ModelMetadata metadata, FlatForest forest) {
        return new LoanModel(metadata.withVersion(contentVersion(metadata, forest)), forest);
    }

    /** Writes the model as a UTF-8 JSON file, creating parent folders. */
    public static void save(LoanModel model, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(model) + "\n", StandardCharsets.UTF_8);
    }

    /** The artifact document of a model. */
    public static String toJson(LoanModel model) {
        try {
            int format = formatOf(model.forest());
            return PRETTY.writeValueAsString(new ArtifactJson(format, model.metadata(), ForestJson.of(model.forest())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode model", e);
        }
    }

    /** The format a forest is written in. */
    static int formatOf(FlatForest forest) {
        if (forest.output() == FlatForest.Output.LOGISTIC) {
            return FORMAT_BOOSTED;
        }
        return forest.hasCovers() ? FORMAT : FORMAT_WITHOUT_COVERS;
    }

    /** The model's metadata as a JSON document. */
    public static String metadataJson(LoanModel model) {
        try {
            return PRETTY.writeValueAsString(model.metadata());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode model metadata", e);
        }
    }

    /**
     * Loads a model file.
     *
     * @throws IllegalArgumentException with a message that says what to do, when the file is
     *     missing, unreadable or not a valid artifact
     */
    public static LoanModel load(Path file) {
        return load(file, "--model or MODEL_PATH");
    }

    /**
     * Loads a model file named by {@code setting} ({@code --challenger or CHALLENGERS}, say), which a
     * missing file's error tells to fix.
     */
    public static LoanModel load(Path file, String setting) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model file not found: " + file + " (set " + setting + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read model file " + file + ": " + e.getMessage());
        }
    }

    /** Loads the model that ships inside the service. */
    public static LoanModel loadDefault() {
        try (InputStream in = ModelArtifact.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "built-in model " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return read(in, "classpath:" + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LoanModel read(InputStream in, String source) throws IOException {
        ArtifactJson json;
        try {
            json = JSON.readValue(in, ArtifactJson.class);
        } catch (JsonProcessingException e) {
            String hint = e instanceof UnrecognizedPropertyException unknown
                            && unknown.getPath().size() == 1
                            && unknown.getPropertyName().equals("learner")
                    ? "; it looks like a model saved by XGBoost, which the import command turns into an artifact"
                    : "";
            throw new IllegalArgumentException("model file " + source + " is not a valid model artifact: "
                    + JsonDocumentErrors.describe(e, "a model artifact") + hint);
        }
        if (json == null) {
            throw new IllegalArgumentException(
                    "model file " + source + " holds JSON null, not a model artifact object");
        }
        if (json.format() != FORMAT && json.format() != FORMAT_WITHOUT_COVERS && json.format() != FORMAT_BOOSTED) {
            throw new IllegalArgumentException("model file " + source + " has format " + json.format()
                    + ", this service reads formats " + FORMAT_WITHOUT_COVERS + " to " + FORMAT_BOOSTED);
        }
        if (json.metadata() == null || json.forest() == null) {
            throw new IllegalArgumentException("model file " + source + " lacks metadata or forest");
        }
        if (json.format() == FORMAT && !json.forest().hasCovers()) {
            throw new IllegalArgumentException("model file " + source + " has format " + FORMAT
                    + " but its forest lacks splitCover and leafCover");
        }
        if (json.format() == FORMAT_WITHOUT_COVERS && json.forest().hasCovers()) {
            throw new IllegalArgumentException("model file " + source + " has format " + FORMAT_WITHOUT_COVERS
                    + ", which has no node covers, but its forest has splitCover or leafCover");
        }
        if ((json.format() == FORMAT_BOOSTED) != json.forest().boosted()) {
            throw new IllegalArgumentException("model file " + source + " has format " + json.format()
                    + (json.forest().boosted()
                            ? " but holds boosted trees, which need format " + FORMAT_BOOSTED
                            : " but its forest is not boosted trees"));
        }
        if (json.format() == FORMAT_BOOSTED && !json.forest().hasCovers()) {
            throw new IllegalArgumentException("model file " + source + " has format " + FORMAT_BOOSTED
                    + " but its trees lack splitCover and leafCover");
        }
        FlatForest forest;
        try {
            forest = json.forest().toForest();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model file " + source + " has an invalid forest: " + e.getMessage());
        }
        String expected = contentVersion(json.metadata(), forest);
        if (!expected.equals(json.metadata().version())) {
            throw new IllegalArgumentException("model file " + source + " declares version "
                    + json.metadata().version() + " but its content hashes to " + expected
                    + "; it was changed after training");
        }
        return new LoanModel(json.metadata(), forest);
    }
}
