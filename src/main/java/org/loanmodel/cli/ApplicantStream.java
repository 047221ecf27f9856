package org.loanmodel.cli;

import java.util.SplittableRandom;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.training.LoanDataGenerator;

/**
 * Simulated applicants: drawn from the training distribution, changed by a scenario, each with the
 * real outcome it will later be labelled with. The same seed, scenario and noise always give the
 * same applicants and outcomes. Not thread-safe: one thread draws.
 */
final class ApplicantStream {

    /**
     * One applicant and the outcome that will be reported for it.
     *
     * @param application what is sent to {@code /predict}
     * @param outcome what is sent to {@code /feedback}, noise included
     */
    record Applicant(LoanApplication application, int outcome) {}

    private final TrafficScenario scenario;
    private final LoanDataGenerator generator;
    private final SplittableRandom noiseRandom;
    private final double noise;

    /**
     * @param noise probability in [0, 0.5] that an outcome is flipped
     * @throws IllegalArgumentException naming the noise when it is outside [0, 0.5]
     */
    ApplicantStream(TrafficScenario scenario, long seed, double noise) {
        if (!(noise >= 0 && noise <= 0.5)) {
            throw new IllegalArgumentException("--noise must be between 0 and 0.5, got " + noise);
        }
        this.scenario = scenario;
        this.generator = new LoanDataGenerator(seed, 0.0);
        // A stream of its own, so the applicants do not depend on the noise rate.
        this.noiseRandom = new SplittableRandom(seed).split();
        this.noise = noise;
    }

    Applicant next() {
        LoanApplication application = scenario.applicant(generator.nextApplication());
        int outcome = scenario.outcome(application);
        boolean flip = noiseRandom.nextDouble() < noise;
        return new Applicant(application, flip ? 1 - outcome : outcome);
    }
}
