package org.loanmodel.model;

import java.util.Map;

/**
 * How a model was made: enough to rebuild it bit for bit.
 *
 * @param generatorSeed seed of the synthetic data generator
 * @param rows number of generated applications
 * @param labelNoise probability that a generated label was flipped
 * @param trainFraction share of rows used for training (the rest is the holdout)
 * @param trees number of trees in the forest
 * @param maxDepth maximum depth of a tree
 * @param featureFraction share of features considered at each split
 * @param minChildWeight minimum weight of a child node
 * @param trainerSeed seed of the forest trainer
 * @param libraries versions of the libraries and runtime that trained the model
 * @param trainer the training library's own record of the trainer configuration
 * @param dataset the training library's own record of the training data
 */
public record TrainingProvenance(
        long generatorSeed,
        int rows,
        double labelNoise,
        double trainFraction,
        int trees,
        int maxDepth,
        double featureFraction,
        double minChildWeight,
        long trainerSeed,
        Map<String, String> libraries,
        Map<String, Object> trainer,
        Map<String, Object> dataset) {}
