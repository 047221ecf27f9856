package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.loanmodel.ledger.LedgerFixtures.APPLICATION;
import static org.loanmodel.ledger.LedgerFixtures.MODEL_VERSION;
import static org.loanmodel.ledger.LedgerFixtures.START;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.Attribution;
import org.loanmodel.model.Decision;
import org.loanmodel.model.Reason;
import org.loanmodel.model.ReasonWord;
import org.loanmodel.training.LoanDataGenerator;

/**
 * How every store keeps a denial's reasons and attribution: compact rows naming the model
 * version's words, recorded once in {@code reason_texts}, and JSON where the compact form would
 * not give back exactly what was decided; run against SQLite and a real PostgreSQL.
 */
abstract class ReasonsStoreContract extends StoreUnderTest {
    /** Contributions of the seven loan features, in schema order; the last is the smallest double. */
    static final Attribution ATTRIBUTION = new Attribution(
            "probability", 0.6123456789012345, new double[] {0.01, -0.2, 0.03, 0.0, -0.35, 0.02, -Double.MIN_VALUE});

    static final List<Reason> REASONS = List.of(
            new Reason("R_CREDIT_SCORE", "credit_score", "credit score too low", -0.35),
            new Reason("R_INCOME", "income", "income too low", -0.2),
            new Reason("R_LOAN_PURPOSE", "loan_purpose", "loan purpose is 1", -Double.MIN_VALUE));

    private final List<PredictionStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(PredictionStore::close);
    }

    private PredictionStore open() {
        PredictionStore store = JdbcPredictionStore.open(settings(), LoanDataGenerator.SCHEMA);
        opened.add(store);
        return store;
    }

    private static PredictionRecord denial(String id, List<Reason> reasons, Attribution attribution) {
        return new PredictionRecord(
                new Decision(id, START.toEpochMilli(), MODEL_VERSION, 0.25, 0, reasons, attribution), APPLICATION);
    }

    private String column(String id) {
        return query("SELECT reasons FROM predictions WHERE prediction_id = '" + id + "'")
                .get(0);
    }

    private List<String> words() {
        return query("SELECT model_version || ' ' || feature_index || ' ' || variant || ' ' || code || ' ' || feature"
                + " || ' ' || text FROM reason_texts ORDER BY model_version, feature_index, variant");
    }

    @Test
    void denialIsKeptCompactAndReadsBackEveryReasonAndContributionBitForBit() throws StoreException {
        PredictionStore store = open();
        store.insert(List.of(denial("d1", REASONS, ATTRIBUTION)));
        StoredPrediction stored = store.find("d1").orElseThrow();
        assertThat(stored.reasons()).isEqualTo(REASONS);
        assertThat(stored.attribution()).isEqualTo(ATTRIBUTION);
        // 2 + 8 + 2 + 7 * 8 + 1 + 3 * 4 = 81 bytes: 108 Base64 characters after the mark.
        assertThat(column("d1")).startsWith(ReasonsColumn.COMPACT).hasSize(109);
        // loan_purpose 1 is the second of its codes [0, 1, 2, 3]: variant 2 + 1.
        assertThat(words())
                .containsExactly(
                        MODEL_VERSION + " 1 0 R_INCOME income income too low",
                        MODEL_VERSION + " 4 0 R_CREDIT_SCORE credit_score credit score too low",
                        MODEL_VERSION + " 6 3 R_LOAN_PURPOSE loan_purpose loan purpose is 1");
    }

    @Test
    void wordsAreRecordedOncePerVersionAndAStoreOpenedLaterUsesThem() throws StoreException {
        PredictionStore first = open();
        first.insert(List.of(denial("d1", REASONS, ATTRIBUTION), denial("d2", REASONS.subList(0, 1), ATTRIBUTION)));
        first.close();
        PredictionStore second = open();
        second.insert(List.of(denial("d3", REASONS.subList(1, 3), ATTRIBUTION)));
        assertThat(words()).hasSize(3);
        for (String id : List.of("d1", "d2", "d3")) {
            assertThat(column(id)).startsWith(ReasonsColumn.COMPACT);
        }
        assertThat(second.find("d2").orElseThrow().reasons()).isEqualTo(REASONS.subList(0, 1));
        assertThat(second.find("d3").orElseThrow().reasons()).isEqualTo(REASONS.subList(1, 3));
    }

    @Test
    void wordsRecordedAheadAreTheOnesEveryDenialIsThenStoredWith() throws StoreException {
        PredictionStore store = open();
        store.recordWords(
                MODEL_VERSION,
                List.of(
                        new ReasonWord(1, 0, "R_INCOME", "income", "income too low"),
                        new ReasonWord(4, 0, "R_CREDIT_SCORE", "credit_score", "credit score too low"),
                        new ReasonWord(6, 3, "R_LOAN_PURPOSE", "loan_purpose", "loan purpose is 1"),
                        new ReasonWord(6, 4, "R_LOAN_PURPOSE", "loan_purpose", "loan purpose is 2")));
        assertThat(words()).hasSize(4);
        store.insert(List.of(denial("d1", REASONS, ATTRIBUTION)));
        assertThat(column("d1")).startsWith(ReasonsColumn.COMPACT);
        assertThat(words()).hasSize(4);
        assertThat(store.find("d1").orElseThrow().reasons()).isEqualTo(REASONS);
    }

    @Test
    void wordsRecordedAheadLeaveOtherWordsOnRecordAsTheyAre() throws StoreException {
        open().close();
        execute("INSERT INTO reason_texts (model_version, feature_index, variant, code, feature, text) VALUES ('"
                + MODEL_VERSION + "', 4, 0, 'R_CREDIT_SCORE', 'credit_score', 'credit score is too low')");
        PredictionStore store = open();
        store.recordWords(
                MODEL_VERSION,
                List.of(
                        new ReasonWord(1, 0, "R_INCOME", "income", "income too low"),
                        new ReasonWord(4, 0, "R_CREDIT_SCORE", "credit_score", "credit score too low")));
        assertThat(words())
                .containsExactly(
                        MODEL_VERSION + " 1 0 R_INCOME income income too low",
                        MODEL_VERSION + " 4 0 R_CREDIT_SCORE credit_score credit score is too low");
        // The row's own words differ from those on record: kept in JSON, as without recording ahead.
        store.insert(List.of(denial("d1", REASONS.subList(0, 2), ATTRIBUTION)));
        assertThat(column("d1")).startsWith("{");
        assertThat(store.find("d1").orElseThrow().reasons()).isEqualTo(REASONS.subList(0, 2));
    }

    @Test
    void denialWithoutReasonsKeepsItsAttribution() throws StoreException {
        PredictionStore store = open();
        store.insert(List.of(denial("d1", List.of(), ATTRIBUTION)));
        StoredPrediction stored = store.find("d1").orElseThrow();
        assertThat(stored.reasons()).isEmpty();
        assertThat(stored.attribution()).isEqualTo(ATTRIBUTION);
        assertThat(column("d1")).startsWith(ReasonsColumn.COMPACT);
        assertThat(words()).isEmpty();
    }

    @Test
    void otherWordsOnRecordForTheSameVersionKeepTheRowsOwnWordsInJson() throws StoreException {
        open().close();
        // As an older release with other default texts would have left them.
        execute("INSERT INTO reason_texts (model_version, feature_index, variant, code, feature, text) VALUES ('"
                + MODEL_VERSION + "', 4, 0, 'R_CREDIT_SCORE', 'credit_score', 'credit score is too low')");
        PredictionStore store = open();
        store.insert(List.of(denial("d1", REASONS, ATTRIBUTION), denial("d2", REASONS.subList(1, 2), ATTRIBUTION)));
        store.insert(List.of(denial("d3", REASONS.subList(0, 1), ATTRIBUTION)));
        assertThat(column("d1")).startsWith("{");
        assertThat(column("d3")).startsWith("{");
        assertThat(column("d2")).startsWith(ReasonsColumn.COMPACT);
        assertThat(store.find("d1").orElseThrow().reasons()).isEqualTo(REASONS);
        assertThat(store.find("d1").orElseThrow().attribution()).isEqualTo(ATTRIBUTION);
        assertThat(store.find("d3").orElseThrow().reasons()).isEqualTo(REASONS.subList(0, 1));
        assertThat(words()).contains(MODEL_VERSION + " 4 0 R_CREDIT_SCORE credit_score credit score is too low");
    }

    @Test
    void reasonsNotDrawnFromAKeptAttributionAreKeptInJson() throws StoreException {
        PredictionStore store = open();
        List<Reason> offByOneBit = List.of(new Reason(
                "R_CREDIT_SCORE", "credit_score", "credit score too low", Math.nextUp(ATTRIBUTION.contribution(4))));
        List<Reason> unknownFeature = List.of(new Reason("R_DEBT", "debt", "debt too high", -0.1));
        store.insert(List.of(
                denial("d1", REASONS, null),
                denial("d2", offByOneBit, ATTRIBUTION),
                denial("d3", unknownFeature, ATTRIBUTION)));
        assertThat(column("d1")).startsWith("[");
        assertThat(column("d2")).startsWith("{");
        assertThat(column("d3")).startsWith("{");
        assertThat(store.find("d1").orElseThrow().reasons()).isEqualTo(REASONS);
        assertThat(store.find("d1").orElseThrow().attribution()).isNull();
        assertThat(store.find("d2").orElseThrow().reasons()).isEqualTo(offByOneBit);
        assertThat(store.find("d3").orElseThrow().reasons()).isEqualTo(unknownFeature);
        assertThat(store.find("d3").orElseThrow().attribution()).isEqualTo(ATTRIBUTION);
    }

    @Test
    void failedInsertLeavesNoWordsBehindAndTheNextOneRecordsThem() throws StoreException {
        PredictionStore store = open();
        execute(poisonTrigger().toArray(String[]::new));
        // Rolled back whole, words included.
        assertThatThrownBy(() -> store.insert(
                        List.of(denial("d1", REASONS, ATTRIBUTION), denial("poison", REASONS, ATTRIBUTION))))
                .isInstanceOf(StoreException.class);
        assertThat(words()).isEmpty();
        store.insert(List.of(denial("d1", REASONS, ATTRIBUTION)));
        assertThat(words()).hasSize(3);
        assertThat(column("d1")).startsWith(ReasonsColumn.COMPACT);
        assertThat(store.find("d1").orElseThrow().reasons()).isEqualTo(REASONS);
    }
}
