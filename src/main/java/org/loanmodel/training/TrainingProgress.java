package org.loanmodel.training;

/** Receives the steps of a training run as they start, e.g. to show progress on a terminal. */
@FunctionalInterface
public interface TrainingProgress {
    /** Reports nothing. */
    TrainingProgress SILENT = (step, total, description) -> {};

    /**
     * @param step 1-based number of the step that starts now
     * @param total number of steps in the run
     * @param description what the step does
     */
    void started(int step, int total, String description);
}
