package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.loanmodel.ledger.LabelResult.Status;

/** The label rules on what a store read, no database involved. */
class LabelRulesTest {
    private static final LabelRules.LoggedOutcome APPROVED_THEN_REPAID =
            new LabelRules.LoggedOutcome("0123456789ab", 1, 1, 1_000, 61_000);
    private static final LabelRules.UnverifiedOutcome CLIENT_SAID_DENIED_THEN_REPAID =
            new LabelRules.UnverifiedOutcome(1, 0, 5_000);

    private static LabelRequest request(int actual, int claimed) {
        return new LabelRequest("p1", actual, claimed, 99_000);
    }

    @Test
    void outcomeWrittenNowIsRecordedWithTheLoggedDecision() {
        assertThat(LabelRules.logged(request(1, -1), APPROVED_THEN_REPAID, true))
                .isEqualTo(new LabelResult(Status.RECORDED, true, "0123456789ab", 1, 1, 1_000, 61_000));
    }

    @Test
    void sameOutcomeAlreadyOnRecordIsADuplicateThatKeepsTheFirstArrival() {
        assertThat(LabelRules.logged(request(1, -1), APPROVED_THEN_REPAID, false))
                .isEqualTo(new LabelResult(Status.DUPLICATE, true, "0123456789ab", 1, 1, 1_000, 61_000));
    }

    @Test
    void otherOutcomeAlreadyOnRecordIsAConflictThatKeepsTheRecordedOne() {
        assertThat(LabelRules.logged(request(0, -1), APPROVED_THEN_REPAID, false))
                .isEqualTo(new LabelResult(Status.CONFLICT, true, "0123456789ab", 1, 1, 1_000, 61_000));
    }

    @Test
    void clientsPredictionDoesNotOverrideTheLoggedDecision() {
        assertThat(LabelRules.logged(request(1, 0), APPROVED_THEN_REPAID, true).predictedOutcome())
                .isEqualTo(1);
    }

    @Test
    void unloggedIdIsKeptAsUnverifiedOnlyWithTheClientsPrediction() {
        assertThat(LabelRules.keepsUnverified(request(1, -1))).isFalse();
        assertThat(LabelRules.keepsUnverified(request(1, 0))).isTrue();
        assertThat(LabelRules.keepsUnverified(request(1, 1))).isTrue();
    }

    @Test
    void unverifiedOutcomeWrittenNowIsRecordedOnTheClientsWord() {
        assertThat(LabelRules.unverified(request(1, 0), CLIENT_SAID_DENIED_THEN_REPAID, true))
                .isEqualTo(new LabelResult(Status.RECORDED, false, null, 0, 1, 0, 5_000));
    }

    @Test
    void unverifiedReplayIsADuplicateAndADifferentOutcomeAConflict() {
        assertThat(LabelRules.unverified(request(1, 0), CLIENT_SAID_DENIED_THEN_REPAID, false))
                .isEqualTo(new LabelResult(Status.DUPLICATE, false, null, 0, 1, 0, 5_000));
        assertThat(LabelRules.unverified(request(0, 1), CLIENT_SAID_DENIED_THEN_REPAID, false))
                .isEqualTo(new LabelResult(Status.CONFLICT, false, null, 0, 1, 0, 5_000));
    }

    @Test
    void unknownIdLeavesEveryFieldEmpty() {
        assertThat(LabelResult.unknown()).isEqualTo(new LabelResult(Status.UNKNOWN, false, null, -1, -1, 0, 0));
    }
}
