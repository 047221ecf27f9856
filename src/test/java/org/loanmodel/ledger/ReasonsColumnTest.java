package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
}
