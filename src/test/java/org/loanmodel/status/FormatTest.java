package org.loanmodel.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The page's number formats. They must read exactly as status.js's, so rounding is that of
 * JavaScript's toFixed: the exact binary value, half up (the browser test compares both on live
 * values).
 */
class FormatTest {
    @Test
    void roundsTheExactBinaryValueHalfUpLikeToFixed() {
        // 1.005 is 1.00499999999999989... in binary: toFixed(2) gives "1.00", not "1.01".
        assertThat(Format.fixed(1.005, 2)).isEqualTo("1.00");
        // 0.125 is exact: a true tie, rounded up.
        assertThat(Format.fixed(0.125, 2)).isEqualTo("0.13");
        assertThat(Format.fixed(2.5, 0)).isEqualTo("3");
        assertThat(Format.fixed(7.706123, 3)).isEqualTo("7.706");
        assertThat(Format.fixed(0.0, 3)).isEqualTo("0.000");
        assertThat(Format.fixed(-0.04, 1)).isEqualTo("-0.0");
    }

    @Test
    void countsHaveThousandsSeparators() {
        assertThat(Format.count(65536.0)).isEqualTo("65,536");
        assertThat(Format.count(1234567.0)).isEqualTo("1,234,567");
        assertThat(Format.count(999.0)).isEqualTo("999");
        assertThat(Format.count(0.0)).isEqualTo("0");
    }

    @Test
    void percentagesRatesAndLatencies() {
        assertThat(Format.percent(0.9)).isEqualTo("90.0 %");
        assertThat(Format.percent(0.955)).isEqualTo("95.5 %");
        assertThat(Format.percent(1.0)).isEqualTo("100.0 %");
        assertThat(Format.rate(42.94)).isEqualTo("42.9/s");
        assertThat(Format.millis(0.000052)).isEqualTo("0.052 ms");
        assertThat(Format.millis(0.0043)).isEqualTo("4.30 ms");
        assertThat(Format.millis(0.072)).isEqualTo("72.0 ms");
    }

    @Test
    void durationsPickTheUnitThatReadsBest() {
        assertThat(Format.duration(30.0)).isEqualTo("30 s");
        assertThat(Format.duration(150.0)).isEqualTo("2.5 min");
        assertThat(Format.duration(3 * 3600.0)).isEqualTo("3.0 h");
        assertThat(Format.duration(4.2 * 86400)).isEqualTo("4.2 d");
    }

    @Test
    void unknownValuesShowADash() {
        for (String format : new String[] {"count", "percent", "fixed2", "fixed3", "rate", "millis", "duration"}) {
            assertThat(Format.as(format, null)).as(format).isEqualTo("–");
        }
        assertThat(Format.raw(null)).isEmpty();
        assertThat(Format.raw(0.25)).isEqualTo("0.25");
    }

    @Test
    void anUnknownFormatIsAProgrammingErrorNamedInTheMessage() {
        assertThatThrownBy(() -> Format.as("money", 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown number format 'money'");
    }
}
