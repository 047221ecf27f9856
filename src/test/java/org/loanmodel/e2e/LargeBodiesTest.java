package org.loanmodel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.testing.TestClient;

/**
 * Many clients sending the largest inference batch a request may carry, all at once, to a
 * server with a small heap: the bodies held at once are bounded, so the extra ones answer 503
 * and the server lives on. Without the bound, 64 such clients exhausted a 128 MB heap and the
 * JVM exited.
 */
class LargeBodiesTest {
    private static final int CLIENTS = 64;
    private static final int BODY_BYTES = 4 * 1024 * 1024 - 4096;

    @TempDir
    Path dir;

    @Test
    void largeBatchesSentAtOnceAreServedOrRefusedAndTheServerLivesOn() throws Exception {
        try (ServeProcess server = ServeProcess.start(
                dir.resolve("serve.log"),
                List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
                "--prediction-log",
                dir.resolve("log.db").toString())) {
            byte[] body = batch();
            byte[] head = ("POST /v2/models/loan-model/infer HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            CountDownLatch allButLastByte = new CountDownLatch(CLIENTS);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<String>> answers = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    answers.add(clients.submit(() -> {
                        try (Socket socket = new Socket("127.0.0.1", server.port())) {
                            socket.setSoTimeout(60_000);
                            OutputStream out = socket.getOutputStream();
                            out.write(head);
                            String early = null;
                            try {
                                out.write(body, 0, body.length - 1);
                                out.flush();
                            } catch (IOException refusedMidway) {
                                early = "closed while sending";
                            }
                            allButLastByte.countDown();
                            // Every client holds its body at once before it completes it.
                            allButLastByte.await(60, TimeUnit.SECONDS);
                            try {
                                out.write(body, body.length - 1, 1);
                                out.flush();
                            } catch (IOException refusedMidway) {
                                early = "closed while sending";
                            }
                            try {
                                return statusLine(socket.getInputStream(), early);
                            } catch (IOException reset) {
                                // A refused connection may be reset before its answer is read.
                                return "closed while sending";
                            }
                        }
                    }));
                }
                Map<String, Integer> seen = new TreeMap<>();
                for (Future<String> answer : answers) {
                    seen.merge(answer.get(120, TimeUnit.SECONDS), 1, Integer::sum);
                }
                assertThat(server.alive()).as(server.log()).isTrue();
                assertThat(seen.keySet()).as(seen.toString()).isSubsetOf("200", "503", "closed while sending");
                assertThat(seen.getOrDefault("200", 0)).as(seen.toString()).isPositive();
                // Refused: answered 503, or closed before the client could read the answer.
                assertThat(seen.getOrDefault("503", 0) + seen.getOrDefault("closed while sending", 0))
                        .as(seen.toString())
                        .isPositive();
            } finally {
                clients.shutdownNow();
            }
            assertThat(predict(server.port())).isEqualTo(200);
        }
    }

    /** The status code of the answer, or what happened instead. */
    private static String statusLine(InputStream in, String early) throws IOException {
        byte[] start = new byte[12];
        int read = 0;
        while (read < start.length) {
            int n = in.read(start, read, start.length - read);
            if (n < 0) {
                return early != null ? early : "no answer";
            }
            read += n;
        }
        return new String(start, 9, 3, StandardCharsets.US_ASCII);
    }

    /** A valid two-row batch padded with spaces to just under the 4 MiB limit. */
    private static byte[] batch() {
        String json = "{\"inputs\": [{\"name\": \"applications\", \"shape\": [2, 7], \"datatype\": \"FP64\","
                + " \"data\": [[35, 75000, 25000, 36, 720, 1, 1], [35, 25000, 25000, 36, 550, 1, 1]]}]";
        byte[] body = new byte[BODY_BYTES];
        Arrays.fill(body, (byte) ' ');
        byte[] text = json.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, body, 0, text.length);
        body[body.length - 1] = '}';
        return body;
    }

    /** After the flood, a plain decision's status. */
    private static int predict(int port) {
        return new TestClient(port)
                .postJson(
                        "/predict",
                        "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000, \"loan_term\": 36,"
                                + " \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}")
                .statusCode();
    }
}
