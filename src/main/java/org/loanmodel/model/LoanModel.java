package org.loanmodel.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A trained loan-approval model ready to serve: the flat forest and its metadata, whose schema
 * defines the features every request must carry.
 */
public final class LoanModel {
    private final ModelMetadata metadata;
    private final FlatForest forest;
    private final String cannotExplainReason;

    public LoanModel(ModelMetadata metadata, FlatForest forest) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.forest = Objects.requireNonNull(forest, "forest");
        if (forest.features() != metadata.schema().size()) {
            throw new IllegalArgumentException("forest reads " + forest.features() + " features, schema has "
                    + metadata.schema().size());
        }
        this.cannotExplainReason = whyItCannotExplain();
    }

    private String whyItCannotExplain() {
        if (!forest.hasCovers()) {
            return "model " + version() + " has no node covers and cannot explain decisions;"
                    + " retrain it (train --out ...) to add them";
        }
        int tree = forest.firstTreeWithUnequalLeafTotals();
        if (tree >= 0) {
            return "model " + version() + " cannot explain decisions: the leaves of tree " + tree
                    + " do not add their class scores up to one total, so its probability is not a sum over trees";
        }
        return null;
    }

    /** Probability in [0, 1] that the application should be approved. */
    public double probability(LoanApplication application) {
        return forest.probability(application);
    }

    /** The decision for a probability: 1 (approve) at or above the threshold, else 0. */
    public int approval(double probability) {
        return probability >= metadata.threshold() ? 1 : 0;
    }

    /**
     * Whether the model can explain its decisions exactly: its forest has node covers (artifact
     * format 2) and its probability is a sum over trees.
     */
    public boolean canExplain() {
        return cannotExplainReason == null;
    }

    /**
     * Why the model cannot explain its decisions, in words for an operator (the start log, {@code
     * /model}), or empty when it can.
     */
    public Optional<String> cannotExplainReason() {
        return Optional.ofNullable(cannotExplainReason);
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
