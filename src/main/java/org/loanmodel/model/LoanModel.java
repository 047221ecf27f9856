package org.loanmodel.model;

import java.util.Objects;

/**
 * A trained loan-approval model ready to serve: the flat forest and its metadata, whose schema
 * defines the features every request must carry.
 */
public final class LoanModel {
    private final ModelMetadata metadata;
    private final FlatForest forest;

    public LoanModel(ModelMetadata metadata, FlatForest forest) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.forest = Objects.requireNonNull(forest, "forest");
        if (forest.features() != metadata.schema().size()) {
            throw new IllegalArgumentException("forest reads " + forest.features() + " features, schema has "
                    + metadata.schema().size());
        }
    }

    /** Probability in [0, 1] that the application should be approved. */
    public double probability(LoanApplication application) {
        return forest.probability(application);
    }

    /** The decision for a probability: 1 (approve) at or above the threshold, else 0. */
    public int approval(double probability) {
        return probability >= metadata.threshold() ? 1 : 0;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public FlatForest forest() {
        return forest;
    }

    /** The features this model reads, from its artifact. */
    public FeatureSchema schema() {
        return metadata.schema();
    }

    public String version() {
        return metadata.version();
    }
}
