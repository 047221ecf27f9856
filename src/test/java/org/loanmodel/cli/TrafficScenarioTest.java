package org.loanmodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.training.LoanDataGenerator;

class TrafficScenarioTest {
    private static final int ROWS = 2000;

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
        ApplicantStream none = new ApplicantStream(TrafficScenario.NONE, 3, 0);
        ApplicantStream drift = new ApplicantStream(TrafficScenario.CONCEPT_DRIFT, 3, 0);
        int changed = 0;
        for (int i = 0; i < ROWS; i++) {
            ApplicantStream.Applicant before = none.next();
            ApplicantStream.Applicant after = drift.next();
            assertThat(after.application()).isEqualTo(before.application());
            assertThat(after.outcome()).isLessThanOrEqualTo(before.outcome());
            changed += before.outcome() - after.outcome();
        }
        assertThat(changed).isGreaterThan(ROWS / 10);
    }

    @Test
    void outcomesFollowTheTrainingRuleWithoutNoise() {
        ApplicantStream stream = new ApplicantStream(TrafficScenario.NONE, 5, 0);
        for (int i = 0; i < ROWS; i++) {
            ApplicantStream.Applicant applicant = stream.next();
            assertThat(applicant.outcome()).isEqualTo(LoanDataGenerator.approvalRule(applicant.application()));
        }
    }

    @Test
    void noiseFlipsOutcomesButNotApplicants() {
        ApplicantStream clean = new ApplicantStream(TrafficScenario.NONE, 5, 0);
        ApplicantStream noisy = new ApplicantStream(TrafficScenario.NONE, 5, 0.5);
        int flipped = 0;
        for (int i = 0; i < ROWS; i++) {
            ApplicantStream.Applicant a = clean.next();
            ApplicantStream.Applicant b = noisy.next();
            assertThat(b.application()).isEqualTo(a.application());
            flipped += a.outcome() != b.outcome() ? 1 : 0;
        }
        assertThat(flipped).isBetween(ROWS * 4 / 10, ROWS * 6 / 10);
    }

    private static List<LoanApplication> applicants(TrafficScenario scenario) {
        ApplicantStream stream = new ApplicantStream(scenario, 11, 0);
        List<LoanApplication> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(stream.next().application());
        }
        return rows;
    }
}
