package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.Reason;

/** The reasons column's JSON: what it holds and that it reads back to the same reasons. */
class ReasonsColumnTest {
    @Test
    void noReasonsIsNull() {
        assertThat(ReasonsColumn.encode(List.of())).isNull();
        assertThat(ReasonsColumn.decode(null, "p")).isEmpty();
    }

    @Test
    void reasonsAreAJsonArrayOfTheirFourFields() {
        List<Reason> reasons = List.of(
                new Reason("R_CREDIT_SCORE", "credit_score", "credit score too low", -0.41392857142857137),
                new Reason("R_INCOME", "income", "income too low", -1.0E-7));
        assertThat(ReasonsColumn.encode(reasons))
                .isEqualTo("[{\"code\":\"R_CREDIT_SCORE\",\"feature\":\"credit_score\",\"text\":\"credit score too"
                        + " low\",\"contribution\":-0.41392857142857137},{\"code\":\"R_INCOME\",\"feature\":\"income\","
                        + "\"text\":\"income too low\",\"contribution\":-1.0E-7}]");
        assertThat(ReasonsColumn.decode(ReasonsColumn.encode(reasons), "p")).isEqualTo(reasons);
    }

    @Test
    void quotesBackslashesControlCharactersAndOtherScriptsReadBackUnchanged() {
        List<Reason> reasons = List.of(
                new Reason("R_\"Q\"", "f\\eature", "line\nbreak\ttab\u0001 \u00e9t\u00e9 \u6e2c", -Double.MIN_VALUE));
        assertThat(ReasonsColumn.encode(reasons))
                .isEqualTo("[{\"code\":\"R_\\\"Q\\\"\",\"feature\":\"f\\\\eature\",\"text\":\"line\\nbreak\\ttab"
                        + "\\u0001 \u00e9t\u00e9 \u6e2c\",\"contribution\":-4.9E-324}]");
        assertThat(ReasonsColumn.decode(ReasonsColumn.encode(reasons), "p")).isEqualTo(reasons);
    }
}
