package org.loanmodel.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.ReferenceProfile;
import org.loanmodel.training.LoanDataGenerator;

/**
 * What {@code GET /model} says about the model a service serves: its version, the schema its
 * requests must follow, and the reference profile of its training data. Read with the domain's own
 * records, so the schema validates itself exactly as the server's does.
 *
 * @param version the model version
 * @param schema the input features
 * @param reference the training data's bins and proportions, one {@code Bins} per feature
 */
public record ServedModel(String version, FeatureSchema schema, ReferenceProfile reference) {
    // Fields the client does not read (holdout metrics, provenance, ...) are skipped, so a server
    // that describes its model in more detail still answers a client that knows less.
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ServedModel {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(reference, "reference");
        if (reference.features().size() != schema.size()) {
            throw new IllegalArgumentException(
                    "reference profile has " + reference.features().size() + " features, schema has " + schema.size());
        }
    }

    /**
     * Reads the body of {@code GET /model}.
     *
     * @throws IllegalArgumentException naming what is missing or invalid
     */
    public static ServedModel parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("GET /model answer is not JSON: " + e.getOriginalMessage());
        }
        if (root == null
                || !root.path("schema").path("features").isArray()
                || !root.path("reference").isObject()) {
            throw new IllegalArgumentException("GET /model answer lacks schema.features or reference");
        }
        try {
            return new ServedModel(
                    root.path("version").asText("unknown"),
                    JSON.treeToValue(root.get("schema"), FeatureSchema.class),
                    JSON.treeToValue(root.get("reference"), ReferenceProfile.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("GET /model answer has an invalid schema or reference: " + problem(e));
        }
    }

    /** The domain's own rule when a record refused a value, else what the JSON reader says. */
    private static String problem(JsonProcessingException failure) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException refused) {
                return refused.getMessage();
            }
        }
        return failure.getOriginalMessage();
    }

    /** Whether the model takes the original system's seven features, exactly as the built-in model does. */
    public boolean hasSeedSchema() {
        return schema.equals(LoanDataGenerator.SCHEMA);
    }
}
