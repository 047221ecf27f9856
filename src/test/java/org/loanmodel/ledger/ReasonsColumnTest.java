package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.Attribution;
import org.loanmodel.model.Reason;

/** The reasons column keeps reasons and contributions to the bit, and reads what older rows hold. */
class ReasonsColumnTest {
    private static final List<Reason> REASONS = List.of(
            new Reason("R_CREDIT_SCORE", "credit_score", "credit score \"too\" low", -0.8312345678901234),
            new Reason("R07", "income", "income too low", -1e-300));

    @Test
    void reasonsAndEveryContributionReadBackBitForBit() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 0; n < 1000; n++) {
            double[] contributions = new double[7];
            for (int f = 0; f < contributions.length; f++) {
                contributions[f] = Double.longBitsToDouble(random.nextLong());
                if (!Double.isFinite(contributions[f])) {
                    contributions[f] = -0.0;
                }
            }
            Attribution attribution = new Attribution("log_odds", 0.1 + 0.2, contributions);
            ReasonsColumn.Explained read = ReasonsColumn.decode(ReasonsColumn.encode(REASONS, attribution), "p-" + n);
            assertThat(read.reasons()).isEqualTo(REASONS);
            assertThat(read.attribution()).isEqualTo(attribution);
        }
    }

    @Test
    void rowsWrittenBeforeContributionsWereKeptStillRead() {
        String older = "[{\"code\":\"R_AGE\",\"feature\":\"age\",\"text\":\"age too high\",\"contribution\":-0.25}]";
        ReasonsColumn.Explained read = ReasonsColumn.decode(older, "p-1");
        assertThat(read.reasons()).containsExactly(new Reason("R_AGE", "age", "age too high", -0.25));
        assertThat(read.attribution()).isNull();
    }

    @Test
    void nothingToKeepIsNull() {
        assertThat(ReasonsColumn.encode(List.of(), null)).isNull();
        assertThat(ReasonsColumn.decode(null, "p-1")).isEqualTo(ReasonsColumn.Explained.NONE);
        assertThat(ReasonsColumn.encode(REASONS, null))
                .isEqualTo("[{\"code\":\"R_CREDIT_SCORE\",\"feature\":\"credit_score\",\"text\":\"credit score"
                        + " \\\"too\\\" low\",\"contribution\":-0.8312345678901234},{\"code\":\"R07\",\"feature\":"
                        + "\"income\",\"text\":\"income too low\",\"contribution\":-1.0E-300}]");
    }

    @Test
    void quotesBackslashesControlCharactersAndOtherScriptsReadBackUnchanged() {
        List<Reason> reasons = List.of(
                new Reason("R_\"Q\"", "f\\eature", "line\nbreak\ttab\u0001 \u00e9t\u00e9 \u6e2c", -Double.MIN_VALUE));
        String encoded = ReasonsColumn.encode(reasons, null);
        assertThat(encoded)
                .isEqualTo("[{\"code\":\"R_\\\"Q\\\"\",\"feature\":\"f\\\\eature\",\"text\":\"line\\nbreak\\ttab"
                        + "\\u0001 \u00e9t\u00e9 \u6e2c\",\"contribution\":-4.9E-324}]");
        assertThat(ReasonsColumn.decode(encoded, "p").reasons()).isEqualTo(reasons);
    }

    private static final Map<ReasonsColumn.TextKey, ReasonsColumn.ReasonText> WORDS = Map.of(
            new ReasonsColumn.TextKey(4, 0), new ReasonsColumn.ReasonText("R_CREDIT_SCORE", "credit_score", "too low"),
            new ReasonsColumn.TextKey(1, 1), new ReasonsColumn.ReasonText("R07", "income", "income not provided"));

    @Test
    void compactFormReadsBackEveryContributionBitForBitAndTheReasonsFromTheWords() {
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n < 1000; n++) {
            double[] contributions = new double[7];
            for (int f = 0; f < contributions.length; f++) {
                contributions[f] = Double.longBitsToDouble(random.nextLong());
            }
            String scale = n % 2 == 0 ? "probability" : "log_odds";
            Attribution attribution = new Attribution(scale, Double.longBitsToDouble(random.nextLong()), contributions);
            List<ReasonsColumn.TextKey> keys =
                    n % 3 == 0 ? List.of() : List.of(new ReasonsColumn.TextKey(4, 0), new ReasonsColumn.TextKey(1, 1));
            String text = ReasonsColumn.encodeCompact(attribution, keys);
            assertThat(ReasonsColumn.isCompact(text)).isTrue();
            ReasonsColumn.Explained read = ReasonsColumn.decodeCompact(text, "p-" + n, WORDS);
            assertThat(read.attribution()).isEqualTo(attribution);
            assertThat(read.reasons())
                    .isEqualTo(
                            keys.isEmpty()
                                    ? List.of()
                                    : List.of(
                                            new Reason("R_CREDIT_SCORE", "credit_score", "too low", contributions[4]),
                                            new Reason("R07", "income", "income not provided", contributions[1])));
        }
    }

    @Test
    void compactFormOfTheShippedModelsDenialWithFourReasonsIs115Characters() {
        // Format 1, probability, base 0.5 (3FE0...), 7 features, seven zeros, 4 reasons: (0, 0),
        // (1, 0), (2, 0), (4, 0). 85 bytes, 114 Base64 characters after the mark.
        Attribution attribution = new Attribution("probability", 0.5, new double[7]);
        List<ReasonsColumn.TextKey> four = List.of(
                new ReasonsColumn.TextKey(0, 0),
                new ReasonsColumn.TextKey(1, 0),
                new ReasonsColumn.TextKey(2, 0),
                new ReasonsColumn.TextKey(4, 0));
        assertThat(ReasonsColumn.encodeCompact(attribution, four))
                .isEqualTo("#AQA/4AAAAAAAAAAHAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                        + "AAAEAAAAAAABAAAAAgAAAAQAAA");
    }

    @Test
    void compactFormRefusesWhatItCannotHold() {
        assertThat(ReasonsColumn.encodeCompact(new Attribution("margin", 0, new double[1]), List.of()))
                .isNull();
        assertThat(ReasonsColumn.encodeCompact(
                        new Attribution("probability", 0, new double[1]), List.of(new ReasonsColumn.TextKey(0, 65536))))
                .isNull();
    }

    @Test
    void damagedCompactValuesAndWordsNotOnRecordAreNamedWithThePrediction() {
        String valid = ReasonsColumn.encodeCompact(
                new Attribution("probability", 0.5, new double[7]), List.of(new ReasonsColumn.TextKey(4, 0)));
        assertThatThrownBy(() -> ReasonsColumn.decodeCompact(valid, "p-9", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("prediction p-9 names reason 0 of feature 4, whose words are not in reason_texts");
        assertThatThrownBy(() -> ReasonsColumn.decodeCompact(valid.substring(0, 40), "p-9", WORDS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("prediction p-9 has unreadable reasons");
        assertThatThrownBy(() -> ReasonsColumn.decodeCompact(valid + "AAAA", "p-9", WORDS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("prediction p-9 has unreadable reasons: 3 bytes too many");
        assertThatThrownBy(() -> ReasonsColumn.decodeCompact("#not base64!", "p-9", WORDS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("prediction p-9 has unreadable reasons");
    }
}
