package org.loanmodel.training;

import java.util.List;
import org.loanmodel.model.LoanModel;
import org.tribuo.classification.Label;
import org.tribuo.ensemble.EnsembleModel;

/**
 * The outcome of a training run.
 *
 * @param model the servable model with its metadata
 * @param libraryModel the forest as the training library built it, for verification
 * @param training the rows the forest was trained on
 * @param holdout the rows it was evaluated on
 */
public record TrainingResult(
        LoanModel model,
        EnsembleModel<Label> libraryModel,
        List<TrainingExample> training,
        List<TrainingExample> holdout) {}
