package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.LoanModelServer;
import org.loanmodel.config.HttpLimits;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.testing.RawHttp;
import org.loanmodel.testing.RawHttp.Answer;

/**
 * The HTTP layer answers in the one error shape too, and slow, idle or too many clients are bounded
 * by {@link HttpLimits}.
 */
class HttpLayerTest {
    private static final HttpLimits SHORT = HttpLimits.DEFAULTS
            .withIdleTimeout(Duration.ofSeconds(1))
            .withHeadTimeout(Duration.ofSeconds(1))
            .withBodyTimeout(Duration.ofSeconds(1));

    @TempDir
    Path dir;

    private LoanModelServer start(HttpLimits limits) {
        return LoanModelServer.start(
                ServeSettings.ephemeral(dir.resolve("log.db").toString()).toBuilder()
                        .httpLimits(limits)
                        .build(),
                Clock.systemUTC());
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    @Test
    void aBodyFramedByTransferEncodingEndsItsConnectionSoNothingCanBeSmuggledBehindIt() throws IOException {
        String body = ApiTest.SEED_PREDICT;
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        // A proxy that framed by Content-Length would take "GET /health ..." as the next request on
        // its connection to this server; this server reads the chunked body.
        String smuggling = "POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked + get("/health");
        String plain = "POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        try (LoanModelServer server = start(HttpLimits.DEFAULTS)) {
            try (Socket socket = RawHttp.connect(server.apiPort())) {
                socket.getOutputStream().write(smuggling.getBytes(StandardCharsets.ISO_8859_1));
                Answer answer = RawHttp.read(socket.getInputStream());
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.head().toLowerCase(Locale.ROOT)).contains("connection: close");
                assertThat(answer.body()).contains("\"approval_status\":1");
                // The request behind it is never answered.
                assertThat(RawHttp.closedByServer(socket)).isTrue();
            }
            // Content-Length alone keeps the connection for the next request.
            try (Socket socket = RawHttp.connect(server.apiPort())) {
                socket.getOutputStream().write((plain + get("/health")).getBytes(StandardCharsets.ISO_8859_1));
                assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
                assertThat(RawHttp.read(socket.getInputStream()).body()).startsWith("{\"status\":\"healthy\"");
            }
        }
    }

    @Test
    void aConnectionAnsweredOnABodyRouteIdlesUntilTheIdleDeadlineNotTheBodysOne() throws Exception {
        String body = ApiTest.SEED_PREDICT;
        String predict = "POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        // A short body deadline, a long idle one: waiting past the first must not close the connection.
        HttpLimits limits = HttpLimits.DEFAULTS.withBodyTimeout(Duration.ofSeconds(1));
        try (LoanModelServer server = start(limits);
                Socket socket = RawHttp.connect(server.apiPort())) {
            socket.getOutputStream().write(predict.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
            Thread.sleep(3_000);
            socket.getOutputStream().write(get("/health").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(RawHttp.read(socket.getInputStream()).body()).startsWith("{\"status\":\"healthy\"");
        }
    }

    @Test
    void badPercentEscapeAnswersTheOneErrorShape() throws IOException {
        try (LoanModelServer server = start(HttpLimits.DEFAULTS)) {
            Answer answer = RawHttp.exchange(server.apiPort(), get("/predict%zz"));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body())
                    .isEqualTo("{\"status\":400,\"code\":\"invalid_path\",\"field\":null,\"error\":\"request path"
                            + " must be '/' and percent-escapes like %2F; got an invalid one\"}");
        }
    }

    @Test
    void oversizeUriAndHeadersAnswerTheOneErrorShape() throws IOException {
        try (LoanModelServer server = start(HttpLimits.DEFAULTS)) {
            Answer longUri = RawHttp.exchange(server.apiPort(), get("/health?" + "x".repeat(5000)));
            assertThat(longUri.status()).isEqualTo(414);
            assertThat(longUri.body())
                    .isEqualTo("{\"status\":414,\"code\":\"uri_too_long\",\"field\":null,\"error\":\"request line"
                            + " exceeds 4096 bytes\"}");
            Answer bigHead = RawHttp.exchange(
                    server.apiPort(),
                    "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Filler: " + "y".repeat(9000) + "\r\n\r\n");
            assertThat(bigHead.status()).isEqualTo(431);
            assertThat(bigHead.body())
                    .isEqualTo("{\"status\":431,\"code\":\"headers_too_large\",\"field\":null,\"error\":\"request"
                            + " headers exceed 8192 bytes\"}");
        }
    }

    @Test
    void brokenChunkFramingClosesTheConnectionAndNothingElse() throws IOException {
        try (LoanModelServer server = start(HttpLimits.DEFAULTS)) {
            // Past the head, the decoder closes the connection at once: no answer can be written.
            assertThatThrownBy(() -> RawHttp.exchange(
                            server.apiPort(),
                            "POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("connection closed before a complete answer");
            assertThat(RawHttp.exchange(server.apiPort(), get("/health")).status())
                    .isEqualTo(200);
            assertThat(server.log().rows()).isZero();
        }
    }

    @Test
    void headWorksWhereverGetDoes() throws IOException {
        try (LoanModelServer server = start(HttpLimits.DEFAULTS)) {
            for (String path : List.of("/health", "/ready", "/model")) {
                Answer answer = RawHttp.exchange(server.apiPort(), "HEAD " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(answer.status()).as(path).isEqualTo(200);
                assertThat(answer.body()).as(path).isEmpty();
            }
            Answer metrics = RawHttp.exchange(server.metricsPort(), "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.body()).isEmpty();
        }
    }

    @Test
    void idleConnectionsAreClosedWhileHealthStillAnswers() throws IOException {
        try (LoanModelServer server = start(SHORT)) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    idle.add(RawHttp.connect(server.apiPort()));
                }
                RawHttp.exchange(server.apiPort(), get("/health"));
                long start = System.nanoTime();
                Answer health = RawHttp.exchange(server.apiPort(), get("/health"));
                long micros = (System.nanoTime() - start) / 1000;
                assertThat(health.status()).isEqualTo(200);
                System.out.println("/health with 300 idle connections held: " + micros + " us");
                for (Socket socket : idle) {
                    assertThat(RawHttp.closedByServer(socket)).isTrue();
                }
            } finally {
                for (Socket socket : idle) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void clientTricklingItsHeadIsCutOff() throws IOException, InterruptedException {
        try (LoanModelServer server = start(SHORT);
                Socket slow = RawHttp.connect(server.apiPort())) {
            OutputStream out = slow.getOutputStream();
            byte[] head = ("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "z".repeat(200) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            int sent = 0;
            try {
                // One byte per 100 ms: 24 s for the whole head, far past the 1 s head deadline.
                for (; sent < head.length; sent++) {
                    out.write(head[sent]);
                    out.flush();
                    Thread.sleep(100);
                    if (sent % 10 == 0) {
                        assertThat(RawHttp.exchange(server.apiPort(), get("/health"))
                                        .status())
                                .isEqualTo(200);
                    }
                }
            } catch (IOException closed) {
                // The server closed the connection while the head was still trickling in.
            }
            assertThat(sent).isLessThan(head.length);
            assertThat(RawHttp.closedByServer(slow)).isTrue();
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedClearly() throws IOException {
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxConnections(10);
        try (LoanModelServer server = start(limits)) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    Socket socket = RawHttp.connect(server.apiPort());
                    socket.getOutputStream().write(get("/health").getBytes(StandardCharsets.ISO_8859_1));
                    assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
                    held.add(socket);
                }
                Answer refused = RawHttp.exchange(server.apiPort(), get("/health"));
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.head()).containsIgnoringCase("connection: close");
                assertThat(refused.body())
                        .isEqualTo("{\"status\":503,\"code\":\"too_many_connections\",\"field\":null,\"error\":"
                                + "\"the server holds its maximum of 10 connections; retry later\"}");
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }
}
