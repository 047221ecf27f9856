package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanmodel.ledger.LedgerFixtures.APPLICATION;
import static org.loanmodel.ledger.LedgerFixtures.MODEL_VERSION;
import static org.loanmodel.ledger.LedgerFixtures.START;
import static org.loanmodel.ledger.LedgerFixtures.label;
import static org.loanmodel.ledger.LedgerFixtures.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loanmodel.ledger.LabelResult.Status;
import org.loanmodel.training.LoanDataGenerator;

/**
 * What schema version 2 stores beside each decision: its monitoring attributes, read back with it
 * and with its outcome, and the lender's final decision, recorded once per prediction like an
 * outcome and, sent together with one, stored with it whole or not at all. Run against SQLite and a
 * real PostgreSQL ({@link SqlitePredictionLogTest}, {@link PostgresPredictionLogTest}).
 */
abstract class ReviewStoreContract extends StoreUnderTest {
    private static final long MADE = START.toEpochMilli() + 1_000;
    private static final List<Double> FEATURES =
            Arrays.stream(APPLICATION.values()).boxed().toList();

    private final List<PredictionStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(PredictionStore::close);
    }

    private PredictionStore openWith(PredictionRecord... records) throws StoreException {
        PredictionStore store = JdbcPredictionStore.open(settings(), LoanDataGenerator.SCHEMA);
        opened.add(store);
        store.insert(List.of(records));
        return store;
    }

    private static PredictionRecord withAttributes(String id, int approval, Map<String, String> attributes) {
        PredictionRecord plain = record(id, 1_000, approval);
        return new PredictionRecord(plain.decision(), plain.application(), attributes);
    }

    private static LabelRequest both(String id, int actual, int finalDecision, long at) {
        return new LabelRequest(id, actual, -1, at, finalDecision);
    }

    private static List<Status> statuses(LabelResult result) {
        return List.of(result.status(), result.finalStatus());
    }

    @Test
    void attributesAreStoredAsASortedJsonObjectAndReadBackWithTheDecisionAndItsOutcome() throws StoreException {
        Map<String, String> attributes = Map.of("applicant_group", "b", "channel", "branch \"7\" é");
        PredictionStore store = openWith(withAttributes("p1", 1, attributes), record("p2", 1_000, 0));

        assertThat(query("SELECT monitoring_attributes FROM predictions WHERE prediction_id = 'p1'"))
                .containsExactly("{\"applicant_group\":\"b\",\"channel\":\"branch \\\"7\\\" é\"}");
        assertThat(query("SELECT COUNT(*) FROM predictions WHERE monitoring_attributes IS NULL"))
                .containsExactly("1");
        assertThat(store.find("p1").orElseThrow().attributes()).isEqualTo(attributes);
        assertThat(store.find("p2").orElseThrow().attributes()).isEmpty();
        LabelResult labelled = store.label(List.of(label("p1", 1, MADE + 5))).get(0);
        assertThat(labelled.features()).isEqualTo(FEATURES);
        assertThat(labelled.attributes()).isEqualTo(attributes);
    }

    @Test
    void unreadableAttributesCountAsNoneAndDoNotStopTheOutcome() throws StoreException {
        PredictionStore store = openWith(record("p1", 1_000, 1));
        execute("UPDATE predictions SET monitoring_attributes = '[1, 2' WHERE prediction_id = 'p1'");

        LabelResult labelled = store.label(List.of(label("p1", 1, MADE + 5))).get(0);
        assertThat(labelled.status()).isEqualTo(Status.RECORDED);
        assertThat(labelled.attributes()).isEmpty();
    }

    @Test
    void finalDecisionIsRecordedOnceThenReplayedThenAConflictIsRefused() throws StoreException {
        PredictionStore store = openWith(record("p1", 1_000, 1));

        assertThat(store.label(List.of(
                        LabelRequest.finalDecision("p1", 0, MADE + 10),
                        LabelRequest.finalDecision("p1", 0, MADE + 20),
                        LabelRequest.finalDecision("p1", 1, MADE + 30))))
                .containsExactly(
                        new LabelResult(
                                Status.NOT_SENT,
                                true,
                                MODEL_VERSION,
                                1,
                                -1,
                                MADE,
                                0,
                                Status.RECORDED,
                                0,
                                MADE + 10,
                                FEATURES,
                                Map.of()),
                        new LabelResult(
                                Status.NOT_SENT,
                                true,
                                MODEL_VERSION,
                                1,
                                -1,
                                MADE,
                                0,
                                Status.DUPLICATE,
                                0,
                                MADE + 10,
                                FEATURES,
                                Map.of()),
                        new LabelResult(
                                Status.NOT_SENT,
                                true,
                                MODEL_VERSION,
                                1,
                                -1,
                                MADE,
                                0,
                                Status.CONFLICT,
                                0,
                                MADE + 10,
                                FEATURES,
                                Map.of()));
        StoredPrediction stored = store.find("p1").orElseThrow();
        assertThat(stored.finalDecision()).isZero();
        assertThat(stored.finalDecidedAtMillis()).isEqualTo(MADE + 10);
        assertThat(stored.actualOutcome()).isNull();
    }

    @Test
    void outcomeAndFinalDecisionMayArriveApartInEitherOrder() throws StoreException {
        PredictionStore store = openWith(record("p1", 1_000, 1), record("p2", 1_000, 0));

        List<LabelResult> results = store.label(List.of(
                label("p1", 0, MADE + 10),
                LabelRequest.finalDecision("p1", 0, MADE + 20),
                LabelRequest.finalDecision("p2", 1, MADE + 30),
                label("p2", 1, MADE + 40)));

        assertThat(results)
                .extracting(LabelResult::status, LabelResult::finalStatus)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Status.RECORDED, Status.NOT_SENT),
                        org.assertj.core.groups.Tuple.tuple(Status.NOT_SENT, Status.RECORDED),
                        org.assertj.core.groups.Tuple.tuple(Status.NOT_SENT, Status.RECORDED),
                        org.assertj.core.groups.Tuple.tuple(Status.RECORDED, Status.NOT_SENT));
        assertThat(results.get(3).finalDecision()).isEqualTo(1);
        assertThat(results.get(3).finalDecidedAtMillis()).isEqualTo(MADE + 30);
        assertThat(results.get(3).actualOutcome()).isEqualTo(1);
    }

    @Test
    void outcomeAndFinalDecisionSentTogetherAreStoredTogether() throws StoreException {
        PredictionStore store = openWith(record("p1", 1_000, 1));

        LabelResult first = store.label(List.of(both("p1", 1, 0, MADE + 10))).get(0);
        LabelResult replay = store.label(List.of(both("p1", 1, 0, MADE + 20))).get(0);

        assertThat(statuses(first)).containsExactly(Status.RECORDED, Status.RECORDED);
        assertThat(statuses(replay)).containsExactly(Status.DUPLICATE, Status.DUPLICATE);
        assertThat(replay.labelledAtMillis()).isEqualTo(MADE + 10);
        assertThat(replay.finalDecidedAtMillis()).isEqualTo(MADE + 10);
    }

    @Test
    void eitherPartContradictingWhatIsStoredLeavesTheOtherUnstored() throws StoreException {
        PredictionStore store = openWith(record("outcome-on-record", 1_000, 1), record("final-on-record", 1_000, 1));
        store.label(List.of(
                label("outcome-on-record", 1, MADE + 1), LabelRequest.finalDecision("final-on-record", 1, MADE + 1)));

        List<LabelResult> refused = store.label(
                List.of(both("outcome-on-record", 0, 1, MADE + 10), both("final-on-record", 1, 0, MADE + 10)));

        assertThat(statuses(refused.get(0))).containsExactly(Status.CONFLICT, Status.SKIPPED);
        assertThat(statuses(refused.get(1))).containsExactly(Status.SKIPPED, Status.CONFLICT);
        assertThat(store.find("outcome-on-record").orElseThrow().finalDecision())
                .isNull();
        assertThat(store.find("final-on-record").orElseThrow().actualOutcome()).isNull();
    }

    @Test
    void newPartBesideAReplayedOneIsStored() throws StoreException {
        PredictionStore store = openWith(record("p1", 1_000, 0));
        store.label(List.of(label("p1", 0, MADE + 1)));

        assertThat(statuses(store.label(List.of(both("p1", 0, 1, MADE + 10))).get(0)))
                .containsExactly(Status.DUPLICATE, Status.RECORDED);
        assertThat(store.find("p1").orElseThrow().finalDecision()).isEqualTo(1);
    }

    @Test
    void finalDecisionForAnUnknownIdIsUnknownEvenWithTheClientsPrediction() throws StoreException {
        PredictionStore store = openWith();

        assertThat(store.label(
                        List.of(LabelRequest.finalDecision("ghost", 1, 5), new LabelRequest("ghost", 1, 1, 5, 1))))
                .containsExactly(LabelResult.unknown(), LabelResult.unknown());
        assertThat(query("SELECT COUNT(*) FROM unverified_feedback")).containsExactly("0");
    }
}
