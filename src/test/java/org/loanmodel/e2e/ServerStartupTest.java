package org.loanmodel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.LoanModelServer;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.testing.RunningServer;

class ServerStartupTest {
    @TempDir
    Path dir;

    private ServeSettings settings(String log) {
        return ServeSettings.ephemeral(dir.resolve(log).toString());
    }

    @Test
    void portAlreadyInUseSaysWhichSettingToChange() {
        try (RunningServer first = RunningServer.start(dir)) {
            int taken = first.server().apiPort();
            ServeSettings clash = settings("other.db").withPorts(taken, 0);
            assertThatThrownBy(() -> LoanModelServer.start(clash, Clock.systemUTC()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("port " + taken + " already in use (set --port or PORT)");
            int metrics = first.server().metricsPort();
            ServeSettings metricsClash = settings("third.db").withPorts(0, metrics);
            assertThatThrownBy(() -> LoanModelServer.start(metricsClash, Clock.systemUTC()))
                    .hasMessage("metrics port " + metrics
                            + " already in use (set --metrics-port or PROMETHEUS_METRICS_PORT)");
            assertThat(dir.resolve("other.db"))
                    .as("nothing is opened before the ports are known free")
                    .doesNotExist();
            assertThat(dir.resolve("third.db")).doesNotExist();
        }
    }

    @Test
    void severalEventLoopsShareOnePort() {
        ServeSettings settings = ServeSettings.ephemeral(dir.resolve("log.db").toString()).toBuilder()
                .eventLoops(3)
                .build();
        try (RunningServer server = RunningServer.start(settings, Clock.systemUTC())) {
            for (int i = 0; i < 12; i++) {
                assertThat(server.api().get("/health").statusCode()).isEqualTo(200);
            }
        }
    }
}
