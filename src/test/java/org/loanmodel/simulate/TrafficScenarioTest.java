package org.loanmodel.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.training.LoanDataGenerator;

class TrafficScenarioTest {
    private static final int ROWS = 2000;
    /** The seed's outcomes follow a lending rule, whatever the service answered. */
    private static final double ANY_PROBABILITY = 0.5;

    @Test
    void incomeShiftRaisesEveryIncomeAboveTheTrainingRange() {
        List<LoanApplication> shifted = applicants(TrafficScenario.INCOME_SHIFT);

        assertThat(shifted).allSatisfy(a -> assertThat(a.value("income")).isBetween(90_000.0, 210_000.0));
        assertThat(shifted).filteredOn(a -> a.value("income") >= 100_000).hasSizeGreaterThan(ROWS * 9 / 10);
    }

    @Test
    void creditShiftKeepsScoresValidButLower() {
        List<LoanApplication> shifted = applicants(TrafficScenario.CREDIT_SHIFT);

        assertThat(shifted).allSatisfy(a -> assertThat(a.value("credit_score")).isBetween(300.0, 629.0));
    }

    @Test
    void conceptDriftSendsTheTrainingApplicantsWithStricterOutcomes() {
        SeedApplicants none = new SeedApplicants(TrafficScenario.NONE, 3, 0);
        SeedApplicants drift = new SeedApplicants(TrafficScenario.CONCEPT_DRIFT, 3, 0);
        int changed = 0;
        for (int i = 0; i < ROWS; i++) {
            Applicant before = none.next();
            Applicant after = drift.next();
            assertThat(after.application()).isEqualTo(before.application());
            assertThat(after.outcome(ANY_PROBABILITY)).isLessThanOrEqualTo(before.outcome(ANY_PROBABILITY));
            changed += before.outcome(ANY_PROBABILITY) - after.outcome(ANY_PROBABILITY);
        }
        assertThat(changed).isGreaterThan(ROWS / 10);
    }

    @Test
    void outcomesFollowTheTrainingRuleWithoutNoise() {
        SeedApplicants stream = new SeedApplicants(TrafficScenario.NONE, 5, 0);
        for (int i = 0; i < ROWS; i++) {
            Applicant applicant = stream.next();
            assertThat(applicant.outcome(ANY_PROBABILITY))
                    .isEqualTo(LoanDataGenerator.approvalRule(applicant.application()));
        }
    }

    @Test
    void noiseFlipsOutcomesButNotApplicants() {
        SeedApplicants clean = new SeedApplicants(TrafficScenario.NONE, 5, 0);
        SeedApplicants noisy = new SeedApplicants(TrafficScenario.NONE, 5, 0.5);
        int flipped = 0;
        for (int i = 0; i < ROWS; i++) {
            Applicant a = clean.next();
            Applicant b = noisy.next();
            assertThat(b.application()).isEqualTo(a.application());
            flipped += a.outcome(ANY_PROBABILITY) != b.outcome(ANY_PROBABILITY) ? 1 : 0;
        }
        assertThat(flipped).isBetween(ROWS * 4 / 10, ROWS * 6 / 10);
    }

    private static List<LoanApplication> applicants(TrafficScenario scenario) {
        SeedApplicants stream = new SeedApplicants(scenario, 11, 0);
        List<LoanApplication> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(stream.next().application());
        }
        return rows;
    }
}
