package org.loanmodel.simulate;

import java.util.SplittableRandom;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.training.LoanDataGenerator;

/**
 * Applicants of the original seven-feature schema: drawn from the training distribution, changed by
 * a scenario, each outcome fixed by the scenario's lending rule and flipped with probability {@code
 * noise}. The service's answer does not change the outcome.
 */
final class SeedApplicants implements ApplicantStream {
    private final TrafficScenario scenario;
    private final LoanDataGenerator generator;
    private final SplittableRandom noiseRandom;
    private final double noise;

    /** @param noise probability in [0, 0.5] that an outcome is flipped */
    SeedApplicants(TrafficScenario scenario, long seed, double noise) {
        this.scenario = scenario;
        this.generator = new LoanDataGenerator(seed, 0.0);
        // A stream of its own, so the applicants do not depend on the noise rate.
        this.noiseRandom = new SplittableRandom(seed).split();
        this.noise = noise;
    }

    @Override
    public Applicant next() {
        LoanApplication application = scenario.applicant(generator.nextApplication());
        int ruled = scenario.outcome(application);
        int outcome = noiseRandom.nextDouble() < noise ? 1 - ruled : ruled;
        return new Applicant(application, probability -> outcome);
    }
}
