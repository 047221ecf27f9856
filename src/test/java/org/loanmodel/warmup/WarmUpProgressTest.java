package org.loanmodel.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.loanmodel.config.WarmUpSettings;

/** What readiness says while the warm-up runs: its requests and its time in tenths of a second. */
class WarmUpProgressTest {
    private static final WarmUpSettings SETTINGS = new WarmUpSettings(1_000_000, Duration.ofSeconds(30));

    @Test
    void theTimeIsInTenthsRoundedHalfUpAsItWasFormatted() {
        assertThat(WarmUp.progress(41_210, 6_349, SETTINGS))
                .isEqualTo("warming up: rehearsing the request path so that it is compiled, 41210 requests in 6.3 s"
                        + " (at most 1000000 requests within 30s)");
        assertThat(WarmUp.progress(41_210, 6_350, SETTINGS)).contains(" requests in 6.4 s ");
        assertThat(WarmUp.progress(0, 0, SETTINGS)).contains(", 0 requests in 0.0 s ");
        assertThat(WarmUp.progress(7, 123_950, SETTINGS)).contains(", 7 requests in 124.0 s ");
    }
}
