package org.loanmodel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.loanmodel.ledger.LedgerSettings;

class ServeSettingsTest {
    private static final LedgerSettings LOG = LedgerSettings.defaults("x.db");

    @Test
    void portOutOfRangeNamesFlagAndVariable() {
        assertThatThrownBy(() -> new ServeSettings("0.0.0.0", 70000, 8001, null, LOG, 100, 10, 1))
                .hasMessage("port must be between 0 and 65535, got 70000 (set --port or PORT)");
        assertThatThrownBy(() -> new ServeSettings("0.0.0.0", 5000, -1, null, LOG, 100, 10, 1))
                .hasMessage("metrics port must be between 0 and 65535, got -1 (set --metrics-port or"
                        + " PROMETHEUS_METRICS_PORT)");
    }

    @Test
    void samePortTwiceIsRefused() {
        assertThatThrownBy(() -> new ServeSettings("0.0.0.0", 5000, 5000, null, LOG, 100, 10, 1))
                .hasMessage("port and metrics port must differ, both are 5000 (set --port/PORT or"
                        + " --metrics-port/PROMETHEUS_METRICS_PORT)");
    }

    @Test
    void emptyAccuracyWindowIsRefused() {
        assertThatThrownBy(() -> new ServeSettings("0.0.0.0", 5000, 8001, null, LOG, 0, 10, 1))
                .hasMessage("accuracy window must be at least 1, got 0 (set --accuracy-window or ACCURACY_WINDOW)");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(DurationParser.parse("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(DurationParser.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(DurationParser.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(DurationParser.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationParser.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationParser.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> DurationParser.parse("soon"))
                .hasMessage("'soon' is not a duration; use e.g. 90d, 12h, 15m, 30s, 500ms or ISO-8601 like PT1H");
        assertThat(DurationParser.parsePositive("1ms", "--timeout")).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> DurationParser.parsePositive("0s", "--timeout"))
                .hasMessage("--timeout must be positive, got '0s'");
    }

    @Test
    void ledgerSettingsRefuseNonsense() {
        assertThatThrownBy(() -> new LedgerSettings(
                        "x.db",
                        org.loanmodel.ledger.CommitMode.ASYNC,
                        0,
                        10,
                        Duration.ZERO,
                        Duration.ofDays(1),
                        10,
                        Duration.ofMinutes(1)))
                .hasMessage("prediction log queue must hold at least 1 record, got 0 (set --log-queue or"
                        + " PREDICTION_LOG_QUEUE)");
        assertThatThrownBy(() -> new LedgerSettings(
                        "x.db",
                        org.loanmodel.ledger.CommitMode.ASYNC,
                        10,
                        10,
                        Duration.ofMillis(1001),
                        Duration.ofDays(1),
                        10,
                        Duration.ofMinutes(1)))
                .hasMessage("prediction log linger must be between 0 and 1000ms, got 1001ms (set --log-linger or"
                        + " PREDICTION_LOG_LINGER)");
        assertThat(LOG.jdbcUrl()).isEqualTo("jdbc:sqlite:x.db");
        assertThat(LedgerSettings.defaults("jdbc:postgresql://db/loans").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/loans");
    }
}
