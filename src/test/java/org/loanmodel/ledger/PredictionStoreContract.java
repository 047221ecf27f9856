package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.loanmodel.ledger.LedgerFixtures.APPLICATION;
import static org.loanmodel.ledger.LedgerFixtures.MODEL_VERSION;
import static org.loanmodel.ledger.LedgerFixtures.START;
import static org.loanmodel.ledger.LedgerFixtures.joined;
import static org.loanmodel.ledger.LedgerFixtures.label;
import static org.loanmodel.ledger.LedgerFixtures.record;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.Decision;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.training.LoanDataGenerator;

/**
 * What every {@link PredictionStore} must do, each call one transaction; run against SQLite and a
 * real PostgreSQL ({@link SqlitePredictionLogTest}, {@link PostgresPredictionLogTest}).
 */
abstract class PredictionStoreContract extends StoreUnderTest {
    private final List<PredictionStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(PredictionStore::close);
    }

    private PredictionStore open(FeatureSchema schema) {
        PredictionStore store = JdbcPredictionStore.open(settings(), schema);
        opened.add(store);
        return store;
    }

    private PredictionStore open() {
        return open(LoanDataGenerator.SCHEMA);
    }

    private static List<PredictionRecord> records(int from, int to, int approval) {
        return IntStream.range(from, to)
                .mapToObj(i -> record("p" + i, i, approval))
                .toList();
    }

    @Test
    void insertedDecisionReadsBackWithEveryField() throws StoreException {
        PredictionStore store = open();
        assertThat(store.insert(List.of(record("p1", 1_000, 1)))).isEqualTo(1);
        StoredPrediction stored = store.find("p1").orElseThrow();
        assertThat(stored.predictionId()).isEqualTo("p1");
        assertThat(stored.createdAtMillis()).isEqualTo(START.toEpochMilli() + 1_000);
        assertThat(stored.modelVersion()).isEqualTo(MODEL_VERSION);
        assertThat(stored.features()).containsExactly(APPLICATION.values());
        assertThat(stored.probability()).isEqualTo(0.875);
        assertThat(stored.approvalStatus()).isEqualTo(1);
        assertThat(stored.actualOutcome()).isNull();
        assertThat(stored.labelledAtMillis()).isNull();
        assertThat(store.find("p2")).isEmpty();
        assertThat(store.countRows()).isEqualTo(1);
    }

    @Test
    void absentOptionalFeatureIsStoredAsNullAndReadsBackAsNaN() throws StoreException {
        List<FeatureSpec> features = new ArrayList<>(LoanDataGenerator.SCHEMA.features());
        features.set(1, features.get(1).asOptional());
        FeatureSchema schema = new FeatureSchema(features);
        double[] values = APPLICATION.values();
        values[1] = Double.NaN;
        PredictionStore store = open(schema);
        store.insert(List.of(new PredictionRecord(
                new Decision("no-income", 5, MODEL_VERSION, 0.5, 0), LoanApplication.of(schema, values))));
        assertThat(query("SELECT COUNT(*) FROM predictions WHERE income IS NULL"))
                .containsExactly("1");
        assertThat(store.find("no-income").orElseThrow().features()).containsExactly(values);
    }

    @Test
    void insertCountsOnlyNewIdsAndKeepsTheDecisionStoredFirst() throws StoreException {
        PredictionStore store = open();
        assertThat(store.insert(records(0, 100, 1))).isEqualTo(100);
        // 150 records: two 64-row statements and 22 single rows, 50 of them with ids already stored.
        assertThat(store.insert(records(50, 200, 0))).isEqualTo(100);
        assertThat(store.countRows()).isEqualTo(200);
        assertThat(countRowsDirectly()).isEqualTo(200);
        assertThat(store.find("p60").orElseThrow().approvalStatus()).isEqualTo(1);
        assertThat(store.find("p199").orElseThrow().approvalStatus()).isEqualTo(0);
    }

    @Test
    void outcomeIsRecordedOnceThenReplayedThenConflictsAreRefused() throws StoreException {
        PredictionStore store = open();
        store.insert(List.of(record("p1", 1_000, 1)));
        long made = START.toEpochMilli() + 1_000;

        assertThat(store.label(List.of(label("p1", 0, made + 60_000))))
                .containsExactly(joined(
                        new LabelResult(LabelResult.Status.RECORDED, true, MODEL_VERSION, 1, 0, made, made + 60_000),
                        APPLICATION.values()));
        assertThat(store.label(List.of(label("p1", 0, made + 99_000))))
                .containsExactly(joined(
                        new LabelResult(LabelResult.Status.DUPLICATE, true, MODEL_VERSION, 1, 0, made, made + 60_000),
                        APPLICATION.values()));
        assertThat(store.label(List.of(label("p1", 1, made + 99_000))))
                .containsExactly(joined(
                        new LabelResult(LabelResult.Status.CONFLICT, true, MODEL_VERSION, 1, 0, made, made + 60_000),
                        APPLICATION.values()));
        StoredPrediction stored = store.find("p1").orElseThrow();
        assertThat(stored.actualOutcome()).isEqualTo(0);
        assertThat(stored.labelledAtMillis()).isEqualTo(made + 60_000);
    }

    @Test
    void outcomesInOneCallSeeThoseBeforeThem() throws StoreException {
        PredictionStore store = open();
        store.insert(List.of(record("p1", 1, 1)));
        List<LabelResult> results = store.label(List.of(label("p1", 1, 10), label("p1", 1, 11), label("p1", 0, 12)));
        assertThat(results)
                .extracting(LabelResult::status)
                .containsExactly(
                        LabelResult.Status.RECORDED, LabelResult.Status.DUPLICATE, LabelResult.Status.CONFLICT);
    }

    @Test
    void unknownIdNeedsTheClientsPredictionAndIsThenKeptApartAsUnverified() throws StoreException {
        PredictionStore store = open();
        assertThat(store.label(List.of(label("ghost", 1, 5)))).containsExactly(LabelResult.unknown());
        assertThat(store.label(List.of(new LabelRequest("ghost", 1, 0, 5))))
                .containsExactly(new LabelResult(LabelResult.Status.RECORDED, false, null, 0, 1, 0, 5));
        assertThat(store.label(List.of(new LabelRequest("ghost", 1, 0, 9), new LabelRequest("ghost", 0, 0, 9))))
                .containsExactly(
                        new LabelResult(LabelResult.Status.DUPLICATE, false, null, 0, 1, 0, 5),
                        new LabelResult(LabelResult.Status.CONFLICT, false, null, 0, 1, 0, 5));
        assertThat(store.find("ghost")).isEmpty();
        assertThat(store.countRows()).isZero();
    }

    @Test
    void twoStoresOnOneDatabaseJoinAndCountEachOutcomeOnce() throws Exception {
        PredictionStore a = open();
        PredictionStore b = open();
        a.insert(List.of(record("shared", 1, 1)));
        assertThat(b.find("shared")).isPresent();

        CompletableFuture<LabelResult.Status> fromA = statusAsync(a, label("shared", 1, 10));
        CompletableFuture<LabelResult.Status> fromB = statusAsync(b, label("shared", 1, 11));
        assertThat(List.of(fromA.get(), fromB.get()))
                .containsExactlyInAnyOrder(LabelResult.Status.RECORDED, LabelResult.Status.DUPLICATE);
    }

    private static CompletableFuture<LabelResult.Status> statusAsync(PredictionStore store, LabelRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return store.label(List.of(request)).get(0).status();
            } catch (StoreException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void decisionsSurviveReopening() throws StoreException {
        PredictionStore before = open();
        before.insert(records(0, 10, 1));
        before.close();
        PredictionStore after = open();
        assertThat(after.countRows()).isEqualTo(10);
        assertThat(after.label(List.of(label("p7", 1, 50))).get(0).status()).isEqualTo(LabelResult.Status.RECORDED);
    }

    @Test
    void retentionDeletesDecisionsAndUnverifiedOutcomesOlderThanTheCutoff() throws StoreException {
        PredictionStore store = open();
        long cutoff = START.toEpochMilli();
        store.insert(List.of(
                record("old", -Duration.ofDays(31).toMillis(), 1),
                record("recent", -Duration.ofDays(29).toMillis(), 1)));
        store.label(
                List.of(new LabelRequest("ghost-old", 1, 1, cutoff - 1), new LabelRequest("ghost-new", 1, 1, cutoff)));

        assertThat(store.deleteExpired(cutoff - Duration.ofDays(30).toMillis(), 1_000))
                .isEqualTo(new PredictionStore.Deleted(1, 0, 1));
        assertThat(store.find("old")).isEmpty();
        assertThat(store.find("recent")).isPresent();

        assertThat(store.deleteExpired(cutoff, 1_000)).isEqualTo(new PredictionStore.Deleted(1, 0, 0));
        assertThat(query("SELECT prediction_id FROM unverified_feedback")).containsExactly("ghost-new");
    }

    @Test
    void retentionKeepsTheNewestMaxRowsAndEveryTieAtTheOldestKeptMillisecond() throws StoreException {
        PredictionStore store = open();
        store.insert(List.of(record("p1", 1, 1), record("p2", 2, 1), record("p2b", 2, 1), record("p3", 3, 1)));
        assertThat(store.deleteExpired(0, 2)).isEqualTo(new PredictionStore.Deleted(0, 1, 3));
        assertThat(store.find("p1")).isEmpty();
        assertThat(store.find("p2b")).isPresent();
    }

    @Test
    void retentionOfAFullLogDeletesOnlyWhatIsBeyondMaxRowsAtEachSweep() throws StoreException {
        PredictionStore store = open();
        store.insert(records(1, 11, 1));
        assertThat(store.deleteExpired(0, 4)).isEqualTo(new PredictionStore.Deleted(0, 6, 4));
        store.insert(records(11, 14, 1));
        assertThat(store.deleteExpired(0, 4)).isEqualTo(new PredictionStore.Deleted(0, 3, 4));
        assertThat(store.deleteExpired(0, 4)).isEqualTo(new PredictionStore.Deleted(0, 0, 4));
        assertThat(query("SELECT prediction_id FROM predictions ORDER BY created_at"))
                .containsExactly("p10", "p11", "p12", "p13");
        assertThat(store.countRows()).isEqualTo(countRowsDirectly());
    }

    @Test
    void countIsExactAcrossWritersSharingTheLogWhicheverOfThemDeletes() throws StoreException {
        PredictionStore first = open();
        PredictionStore second = open();
        first.insert(records(0, 5, 1));
        second.insert(records(5, 8, 1));
        // Replayed rows are not stored twice, so not counted twice.
        second.insert(records(3, 6, 1));
        assertThat(first.forget(List.of("p6", "p1", "unknown"))).isEqualTo(2);
        assertThat(second.deleteExpired(START.toEpochMilli() + 3, 1_000))
                .isEqualTo(new PredictionStore.Deleted(2, 0, 4));
        assertThat(first.countRows()).isEqualTo(4);
        assertThat(second.countRows()).isEqualTo(4);
        assertThat(countRowsDirectly()).isEqualTo(4);
        // One row per writer opened, none of them shared: replicas never wait for each other's count.
        assertThat(query("SELECT COUNT(*) FROM prediction_counts")).containsExactly("3");
        first.close();
        second.close();
        assertThat(open().countRows()).isEqualTo(4);
    }

    @Test
    void rowsDeletedByHandAreCountedAfreshByTheReadmesStatements() throws StoreException {
        PredictionStore store = open();
        store.insert(records(0, 5, 1));
        execute("DELETE FROM predictions WHERE prediction_id IN ('p0', 'p1')");
        assertThat(store.countRows()).isEqualTo(5);
        execute(
                "DELETE FROM prediction_counts",
                "INSERT INTO prediction_counts VALUES ('before counting', (SELECT COUNT(*) FROM predictions))");
        assertThat(store.countRows()).isEqualTo(3);
        store.insert(records(5, 7, 1));
        assertThat(store.countRows()).isEqualTo(5);
    }

    @Test
    void rolledBackInsertIsNotCounted() throws StoreException {
        PredictionStore store = open();
        store.insertAndRollBack(record("probe", 1, 1));
        store.insert(records(0, 2, 1));
        assertThat(store.countRows()).isEqualTo(2);
        assertThat(countRowsDirectly()).isEqualTo(2);
    }

    @Test
    void failedCallRollsBackWholeAndLeavesTheStoreUsable() throws StoreException {
        PredictionStore store = open();
        execute(poisonTrigger().toArray(String[]::new));
        List<PredictionRecord> batch = new ArrayList<>(records(0, 69, 1));
        // The 64-row statement succeeds before the single row after it fails.
        batch.add(record("poison", 70, 1));

        assertThatThrownBy(() -> store.insert(batch))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("poisoned row");
        assertThat(countRowsDirectly()).isZero();
        assertThat(store.insert(batch.subList(0, 69))).isEqualTo(69);
        assertThat(store.label(List.of(label("p3", 1, 100))).get(0).status()).isEqualTo(LabelResult.Status.RECORDED);
        assertThat(store.countRows()).isEqualTo(69);
    }

    @Test
    void plainFailureIsKnownToHaveRolledBack() {
        PredictionStore store = open();
        execute(poisonTrigger().toArray(String[]::new));
        StoreException failure =
                catchThrowableOfType(StoreException.class, () -> store.insert(List.of(record("poison", 1, 1))));
        assertThat(failure.commitUnknown()).isFalse();
        assertThat(store.fate(failure)).isEqualTo(PredictionStore.Fate.ROLLED_BACK);
    }

    @Test
    void batchesOfWholeStatementsOnlyAndOfSingleRowsOnlyAreStoredWhole() throws StoreException {
        PredictionStore store = open();
        // Two 64-row statements and no single row, then 63 single rows and no 64-row statement.
        assertThat(store.insert(records(0, 128, 1))).isEqualTo(128);
        assertThat(store.insert(records(128, 191, 0))).isEqualTo(63);
        assertThat(store.insert(records(0, 64, 0))).isZero();
        assertThat(store.countRows()).isEqualTo(191);
        assertThat(countRowsDirectly()).isEqualTo(191);
        assertThat(store.find("p127").orElseThrow().approvalStatus()).isEqualTo(1);
        assertThat(store.find("p190").orElseThrow().approvalStatus()).isZero();
    }

    @Test
    void storedTellsWhichOfManyIdsAreStored() throws StoreException {
        PredictionStore store = open();
        store.insert(records(0, 1_200, 1));
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 1_300; i += 2) {
            asked.add("p" + i);
        }
        Set<String> stored = store.stored(asked);
        assertThat(stored).hasSize(600).contains("p0", "p1198").doesNotContain("p1200", "p1");
        assertThat(store.stored(List.of())).isEmpty();
    }

    @Test
    void forgetDeletesDecisionsByIdAndCountsOnlyThoseThatWereStored() throws StoreException {
        PredictionStore store = open();
        store.insert(records(0, 1_100, 1));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_050; i++) {
            ids.add("p" + i);
        }
        ids.add("never-stored");
        assertThat(store.forget(ids)).isEqualTo(1_050);
        assertThat(store.countRows()).isEqualTo(50);
        assertThat(store.find("p1049")).isEmpty();
        assertThat(store.find("p1050")).isPresent();
    }

    @Test
    void probeCommitsAndChangesNothingThatIsRead() throws StoreException {
        PredictionStore store = open();
        store.insert(records(0, 3, 1));
        store.probe();
        store.probe();
        assertThat(store.countRows()).isEqualTo(3);
        assertThat(store.find("p1").orElseThrow().actualOutcome()).isNull();
        assertThat(query("SELECT COUNT(*) FROM unverified_feedback")).containsExactly("0");
    }
}
