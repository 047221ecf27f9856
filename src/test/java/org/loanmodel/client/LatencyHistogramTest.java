package org.loanmodel.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void isExactToTheMicrosecondBelow256Microseconds() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int micros = 1; micros <= 100; micros++) {
            histogram.record(micros * 1000L);
        }

        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.meanMillis()).isEqualTo(0.0505);
        assertThat(histogram.maxMillis()).isEqualTo(0.1);
        assertThat(histogram.quantileMillis(0.5)).isEqualTo(0.0505);
        assertThat(histogram.quantileMillis(0.99)).isEqualTo(0.0995);
        assertThat(histogram.quantileMillis(1.0)).isEqualTo(0.1);
    }

    @Test
    void staysWithinOnePercentForLongLatencies() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long millis = 1; millis <= 1000; millis++) {
            histogram.record(millis * 1_000_000L);
        }

        assertThat(histogram.quantileMillis(0.5)).isCloseTo(500, within(5.0));
        assertThat(histogram.quantileMillis(0.99)).isCloseTo(990, within(9.9));
        assertThat(histogram.meanMillis()).isEqualTo(500.5);
        assertThat(histogram.maxMillis()).isEqualTo(1000.0);
    }

    @Test
    void answersNaNBeforeAnythingIsRecorded() {
        LatencyHistogram histogram = new LatencyHistogram();

        assertThat(histogram.quantileMillis(0.99)).isNaN();
        assertThat(histogram.meanMillis()).isNaN();
    }

    @Test
    void clampsLatenciesBeyondItsRangeIntoTheLastBucket() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(Long.MAX_VALUE);

        assertThat(histogram.quantileMillis(0.5)).isEqualTo(Long.MAX_VALUE / 1e6);
    }
}
