package org.loanmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class NetworkTransportTest {
    @Test
    void onLinuxX8664TheEventLoopsUseEpoll() {
        assumeTrue(
                System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                        && System.getProperty("os.arch").equals("amd64"),
                "the image ships epoll's native library for x86-64 Linux only");
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        try {
            assertThat(LoanModelServer.transport(vertx)).isEqualTo("epoll");
        } finally {
            vertx.close().await();
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
