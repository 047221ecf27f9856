package org.loanmodel.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulationSettingsTest {

    @Test
    void defaultsSendAThousandPredictionsAtFiftyPerSecond() {
        SimulationSettings settings = SimulationSettings.builder().build();

        assertThat(settings.count()).isEqualTo(1000);
        assertThat(settings.duration()).isNull();
        assertThat(settings.rate()).isEqualTo(50.0);
        assertThat(settings.concurrency()).isEqualTo(8);
        assertThat(settings.labelDelay()).isEqualTo(Duration.ZERO);
        assertThat(settings.noise()).isZero();
        assertThat(settings.seed()).isEqualTo(7);
        assertThat(settings.scenario()).isEqualTo(TrafficScenario.NONE);
    }

    @Test
    void aDurationAloneLiftsTheCountLimit() {
        assertThat(SimulationSettings.builder()
                        .duration(Duration.ofSeconds(30))
                        .build()
                        .count())
                .isZero();
        assertThat(SimulationSettings.builder()
                        .duration(Duration.ofSeconds(30))
                        .count(5L)
                        .build()
                        .count())
                .isEqualTo(5);
    }

    @Test
    void eachInvalidSettingNamesItsOption() {
        assertThatThrownBy(() -> SimulationSettings.builder().count(0L).build())
                .hasMessage("--count must be at least 1, got 0");
        assertThatThrownBy(() ->
                        SimulationSettings.builder().duration(Duration.ZERO).build())
                .hasMessage("--duration must be positive, got '0s'");
        assertThatThrownBy(() -> SimulationSettings.builder().rate(-1).build())
                .hasMessage("--rate must be a number of requests per second >= 0 (0 = unlimited), got -1.0");
        assertThatThrownBy(() -> SimulationSettings.builder().concurrency(0).build())
                .hasMessage("--concurrency must be at least 1, got 0");
        assertThatThrownBy(() -> SimulationSettings.builder()
                        .labelDelay(Duration.ofSeconds(-1))
                        .build())
                .hasMessage("--label-delay must not be negative, got PT-1S");
        assertThatThrownBy(() -> SimulationSettings.builder().noise(0.7).build())
                .hasMessage("--noise must be between 0 and 0.5, got 0.7");
    }
}
