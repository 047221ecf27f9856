package org.loanmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.testing.RunningServer;

class NetworkTransportTest {
    /** The server as {@code serve} starts it, not a Vert.x built for the test. */
    @Test
    void onLinuxX8664TheServersEventLoopsUseEpoll(@TempDir Path dir) {
        assumeTrue(
                System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                        && System.getProperty("os.arch").equals("amd64"),
                "the jar ships epoll's native library for x86-64 Linux only");
        try (RunningServer running = RunningServer.start(dir)) {
            assertThat(running.server().transport()).isEqualTo("epoll");
        }
    }

    @Test
    void withoutEpollTheStartLineNamesTheSelectorAndWhy() {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
        try {
            assertThat(LoanModelServer.transport(vertx)).isEqualTo("JDK selector (epoll unavailable: not requested)");
        } finally {
            vertx.close().await();
        }
    }
}
