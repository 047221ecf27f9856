package org.loanmodel.training;

/**
 * Every knob of a training run; {@link #defaults()} reproduces the shipped model.
 *
 * @param rows number of synthetic applications to generate (default 5000)
 * @param generatorSeed seed of the data generator (default 42)
 * @param labelNoise probability that a generated label is flipped (default 0)
 * @param trainFraction share of rows used for training, the rest is the holdout (default 0.8)
 * @param trees number of trees (default 100)
 * @param maxDepth maximum tree depth (default 10)
 * @param featureFraction share of features tried at each split (default 0.5)
 * @param minChildWeight minimum weight of a child node (default 5)
 * @param trainerSeed seed of the forest trainer (default 42)
 * @param threshold approval probability at or above which an application is approved (default 0.5)
 */
public record TrainerSettings(
        int rows,
        long generatorSeed,
        double labelNoise,
        double trainFraction,
        int trees,
        int maxDepth,
        double featureFraction,
        double minChildWeight,
        long trainerSeed,
        double threshold) {

    public TrainerSettings {
        require(rows >= 20, "rows must be at least 20, got " + rows);
        require(labelNoise >= 0 && labelNoise <= 0.5, "label noise must be between 0 and 0.5, got " + labelNoise);
        require(trainFraction > 0 && trainFraction < 1, "train fraction must be in (0, 1), got " + trainFraction);
        require(trees >= 1, "trees must be at least 1, got " + trees);
        require(maxDepth >= 1, "max depth must be at least 1, got " + maxDepth);
        require(
                featureFraction > 0 && featureFraction < 1,
                "feature fraction must be in (0, 1) for a random forest, got " + featureFraction);
        require(minChildWeight > 0, "min child weight must be > 0, got " + minChildWeight);
        require(threshold > 0 && threshold < 1, "threshold must be in (0, 1), got " + threshold);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The settings of the shipped model. */
    public static TrainerSettings defaults() {
        return new TrainerSettings(5000, 42, 0.0, 0.8, 100, 10, 0.5, 5, 42, 0.5);
    }

    /** A builder starting from {@link #defaults()}, to change only what differs. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /**
     * Collects settings; {@link #build()} validates them. Each setter's default is the shipped
     * model's, as {@link TrainerSettings} documents it.
     */
    public static final class Builder {
        private int rows;
        private long generatorSeed;
        private double labelNoise;
        private double trainFraction;
        private int trees;
        private int maxDepth;
        private double featureFraction;
        private double minChildWeight;
        private long trainerSeed;
        private double threshold;

        private Builder(TrainerSettings from) {
            rows = from.rows;
            generatorSeed = from.generatorSeed;
            labelNoise = from.labelNoise;
            trainFraction = from.trainFraction;
            trees = from.trees;
            maxDepth = from.maxDepth;
            featureFraction = from.featureFraction;
            minChildWeight = from.minChildWeight;
            trainerSeed = from.trainerSeed;
            threshold = from.threshold;
        }

        public Builder rows(int value) {
            rows = value;
            return this;
        }

        public Builder generatorSeed(long value) {
            generatorSeed = value;
            return this;
        }

        public Builder labelNoise(double value) {
            labelNoise = value;
            return this;
        }

        public Builder trainFraction(double value) {
            trainFraction = value;
            return this;
        }

        public Builder trees(int value) {
            trees = value;
            return this;
        }

        public Builder maxDepth(int value) {
            maxDepth = value;
            return this;
        }

        public Builder featureFraction(double value) {
            featureFraction = value;
            return this;
        }

        public Builder minChildWeight(double value) {
            minChildWeight = value;
            return this;
        }

        public Builder trainerSeed(long value) {
            trainerSeed = value;
            return this;
        }

        public Builder threshold(double value) {
            threshold = value;
            return this;
        }

        /** Also the seed of both the generator and the trainer, as most test models want. */
        public Builder seed(long value) {
            generatorSeed = value;
            trainerSeed = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting and its rule */
        public TrainerSettings build() {
            return new TrainerSettings(
                    rows,
                    generatorSeed,
                    labelNoise,
                    trainFraction,
                    trees,
                    maxDepth,
                    featureFraction,
                    minChildWeight,
                    trainerSeed,
                    threshold);
        }
    }

    /** Number of training rows; the rest are holdout rows. */
    public int trainRows() {
        return (int) Math.round(rows * trainFraction);
    }
}
