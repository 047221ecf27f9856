package org.loanmodel.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Everything known about a trained model besides its trees.
 *
 * @param version content hash of what determines the model's answers (trees, schema, threshold,
 *     reference profile); equal versions answer identically
 * @param createdAt ISO-8601 instant of training
 * @param algorithm short name of the learning algorithm, e.g. {@code random_forest}
 * @param threshold approval probability at or above which an application is approved
 * @param schema the input features
 * @param reference the training data's profile, for drift monitoring
 * @param provenance how the model was trained here, or {@code null} for an imported model
 * @param holdout quality on the holdout rows (for an imported model, on the labelled reference
 *     data), or {@code null} when no outcomes were known
 * @param imported where an imported model came from, or {@code null} for a model trained here
 *     (written only when set)
 */
public record ModelMetadata(
        String version,
        String createdAt,
        String algorithm,
        double threshold,
        FeatureSchema schema,
        ReferenceProfile reference,
        @JsonInclude(JsonInclude.Include.NON_NULL) TrainingProvenance provenance,
        @JsonInclude(JsonInclude.Include.NON_NULL) HoldoutMetrics holdout,
        @JsonInclude(JsonInclude.Include.NON_NULL) ImportProvenance imported) {

    public ModelMetadata {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(reference, "reference");
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
        }
        if (reference.features().size() != schema.size()) {
            throw new IllegalArgumentException(
                    "reference profile has " + reference.features().size() + " features, schema has " + schema.size());
        }
    }

    /** The metadata of a model trained here. */
    public ModelMetadata(
            String version,
            String createdAt,
            String algorithm,
            double threshold,
            FeatureSchema schema,
            ReferenceProfile reference,
            TrainingProvenance provenance,
            HoldoutMetrics holdout) {
        this(version, createdAt, algorithm, threshold, schema, reference, provenance, holdout, null);
    }

    /** A copy with another version, used once the content hash is known. */
    public ModelMetadata withVersion(String newVersion) {
        return new ModelMetadata(
                newVersion, createdAt, algorithm, threshold, schema, reference, provenance, holdout, imported);
    }
}
