package org.loanmodel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loanmodel.ledger.LedgerSettings;

class ServeSettingsTest {
    private static final LedgerSettings LOG = LedgerSettings.defaults("x.db");

    @Test
    void builderStartsFromTheDocumentedDefaults() {
        ServeSettings settings = ServeSettings.builder().build();

        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.port()).isEqualTo(5000);
        assertThat(settings.metricsPort()).isEqualTo(8001);
        assertThat(settings.modelPath()).isNull();
        assertThat(settings.ledger()).isEqualTo(LedgerSettings.defaults("data/predictions.db"));
        assertThat(settings.accuracyWindow()).isEqualTo(100);
        assertThat(settings.driftWindow()).isEqualTo(5000);
        assertThat(settings.eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(settings.warmUp()).isEqualTo(new WarmUpSettings(1_000_000, Duration.ofSeconds(30)));
        assertThat(ServeSettings.ephemeral("x.db").warmUp().enabled()).isFalse();
        assertThat(settings.reasons()).isTrue();
        assertThat(settings.reasonsMinShare()).isZero();
    }

    @Test
    void aReasonsMinimumShareOutsideZeroToOneIsRefusedNamingTheFlagAndVariable() {
        for (double share : new double[] {-0.5, 2, Double.NaN}) {
            assertThatThrownBy(
                            () -> ServeSettings.builder().reasonsMinShare(share).build())
                    .hasMessage("adverse-action reasons' minimum share must be a number from 0 to 1, got "
                            + org.loanmodel.model.Numbers.format(share)
                            + " (set --reasons-min-share or ADVERSE_ACTION_REASONS_MIN_SHARE)");
        }
        assertThat(ServeSettings.builder().reasonsMinShare(1).build().reasonsMinShare())
                .isEqualTo(1);
    }

    @Test
    void warmUpReadsOnOffOrACountAndRefusesAnythingElseNamingTheFlagAndVariable() {
        assertThat(WarmUpSettings.parseRequests("off")).isZero();
        assertThat(WarmUpSettings.parseRequests("0")).isZero();
        assertThat(WarmUpSettings.parseRequests(" ON ")).isEqualTo(WarmUpSettings.DEFAULT_REQUESTS);
        assertThat(WarmUpSettings.parseRequests("5000")).isEqualTo(5000);
        assertThatThrownBy(() -> WarmUpSettings.parseRequests("-5"))
                .hasMessage(
                        "warm-up must be on, off or a number of requests >= 0, got '-5' (set --warm-up or WARM_UP)");
        assertThatThrownBy(() -> WarmUpSettings.parseRequests("soon"))
                .hasMessage(
                        "warm-up must be on, off or a number of requests >= 0, got 'soon' (set --warm-up or WARM_UP)");
        assertThatThrownBy(() -> new WarmUpSettings(1000, Duration.ofMinutes(6)))
                .hasMessage("warm-up limit must be between 1ms and 5m, got 360000ms"
                        + " (set --warm-up-limit or WARM_UP_LIMIT)");
        assertThat(WarmUpSettings.DEFAULTS).hasToString("1000000 requests within 30s");
        assertThat(WarmUpSettings.OFF).hasToString("off");
    }

    @Test
    void portOutOfRangeNamesFlagAndVariable() {
        assertThatThrownBy(() -> ServeSettings.builder().port(70000).build())
                .hasMessage("port must be a port number 0-65535, got 70000 (set --port or PORT)");
        assertThatThrownBy(() -> ServeSettings.builder().metricsPort(-1).build())
                .hasMessage("metrics port must be a port number 0-65535, got -1 (set --metrics-port or"
                        + " PROMETHEUS_METRICS_PORT)");
    }

    @Test
    void samePortTwiceIsRefused() {
        assertThatThrownBy(() ->
                        ServeSettings.builder().port(5000).metricsPort(5000).build())
                .hasMessage("port and metrics port must differ, both are 5000 (set --port/PORT or"
                        + " --metrics-port/PROMETHEUS_METRICS_PORT)");
    }

    @Test
    void emptyAccuracyWindowIsRefused() {
        assertThatThrownBy(() ->
                        ServeSettings.builder().ledger(LOG).accuracyWindow(0).build())
                .hasMessage("accuracy window must be at least 1, got 0 (set --accuracy-window or ACCURACY_WINDOW)");
    }

    @Test
    void hostMustBeAnAddressThatCanBeBound() {
        for (String host : new String[] {"999.1.1.1", "1.2.3", "1.2.3.4.5", "", "10..0.1"}) {
            assertThatThrownBy(() -> ServeSettings.builder().host(host).build())
                    .as(host)
                    .hasMessage("host '" + host + "' is not a valid address (set --host or HOST)");
        }
        for (String host : new String[] {"0.0.0.0", "127.0.0.1", "255.255.255.255", "::1", "localhost"}) {
            assertThat(ServeSettings.builder().host(host).build().host()).isEqualTo(host);
        }
    }

    @Test
    void withersChangeOnlyTheirSetting() {
        ServeSettings base = ServeSettings.ephemeral("x.db");
        ServeSettings changed = base.withPorts(5001, 8002).withWindows(7, 9);

        assertThat(changed.toString())
                .isEqualTo(base.toString()
                        .replace("port=0, metricsPort=0", "port=5001, metricsPort=8002")
                        .replace("accuracyWindow=100, driftWindow=5000", "accuracyWindow=7, driftWindow=9"));
    }

    @Test
    void environmentValuesNameTheVariableAndTheRule() {
        Environment env = new Environment(Map.of(
                "PORT", "abc",
                "BIG", "70000",
                "LOOPS", "2.5",
                "AGE", "forever",
                "BLANK", "  ",
                "GOOD", " 5001 "));

        assertThatThrownBy(() -> env.port("PORT"))
                .hasMessage("environment variable PORT must be a port number 0-65535, got 'abc'");
        assertThatThrownBy(() -> env.port("BIG"))
                .hasMessage("environment variable BIG must be a port number 0-65535, got '70000'");
        assertThatThrownBy(() -> env.integer("LOOPS"))
                .hasMessage("environment variable LOOPS must be a whole number, got '2.5'");
        assertThatThrownBy(() -> env.duration("AGE"))
                .hasMessage("environment variable AGE must be a duration such as 90d, 12h, 15m, 30s, 500ms or"
                        + " ISO-8601 like PT1H, got 'forever'");
        assertThat(env.port("GOOD")).hasValue(5001);
        assertThat(env.text("BLANK")).isEmpty();
        assertThat(env.port("UNSET")).isEmpty();
    }

    @Test
    void durationsAreWrittenTheWayTheyAreRead() {
        for (String text : new String[] {"90d", "12h", "1m", "30s", "5ms", "0s", "90m"}) {
            assertThat(DurationParser.format(DurationParser.parse(text))).isEqualTo(text);
        }
        assertThat(DurationParser.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
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
        assertThatThrownBy(() -> LedgerSettings.defaults("x.db").withShutdownGrace(Duration.ZERO))
                .hasMessage("prediction log shutdown grace must be between 1ms and 10m, got 0ms (set"
                        + " --log-shutdown-grace or PREDICTION_LOG_SHUTDOWN_GRACE)");
        assertThat(LedgerSettings.defaults("x.db").shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(LOG.jdbcUrl()).isEqualTo("jdbc:sqlite:x.db");
        assertThat(LedgerSettings.defaults("jdbc:postgresql://db/loans").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/loans");
    }
}
