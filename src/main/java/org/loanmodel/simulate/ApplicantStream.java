package org.loanmodel.simulate;

import org.loanmodel.client.ServedModel;

/**
 * Where simulated applicants come from. The same seed and settings always give the same applicants
 * and outcomes. Not thread-safe: one thread draws.
 */
public interface ApplicantStream {

    /** The next applicant. */
    Applicant next();

    /**
     * The stream for the model a service serves: the original system's generator and scenarios for
     * its seven-feature schema, draws from the reference profile for any other schema.
     *
     * @throws IllegalArgumentException when a scenario other than {@code none} is asked of a model
     *     with another schema (the scenarios shift the original features)
     */
    static ApplicantStream forModel(ServedModel model, SimulationSettings settings) {
        if (model.hasSeedSchema()) {
            return new SeedApplicants(settings.scenario(), settings.seed(), settings.noise());
        }
        if (settings.scenario() != TrafficScenario.NONE) {
            throw new IllegalArgumentException(
                    "--scenario " + settings.scenario().cliName()
                            + " needs the original seven-feature loan schema, but the served model takes "
                            + model.schema().names() + "; use --scenario none");
        }
        return new ProfileApplicants(model.schema(), model.reference(), settings.seed(), settings.noise());
    }
}
