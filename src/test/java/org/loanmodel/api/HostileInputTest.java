package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RawHttp;
import org.loanmodel.testing.RunningServer;

/**
 * The hostile-input corpus ({@code hostile/corpus.txt}): every bad request there answers its exact
 * status and code in the one error shape, never a 5xx.
 */
class HostileInputTest {
    @TempDir
    static Path dir;

    private static RunningServer server;

    /** One line of the corpus. */
    record Case(String name, String method, String path, String contentType, byte[] body, int status, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("log.db").toString()), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = HostileInputTest.class.getResourceAsStream("/hostile/corpus.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split(" \\| ", -1);
                if (cells.length != 7) {
                    throw new IllegalStateException("corpus line needs 7 cells: " + line);
                }
                cases.add(new Case(
                        cells[0],
                        cells[1],
                        cells[2],
                        cells[3],
                        body(cells[4]),
                        Integer.parseInt(cells[5].trim()),
                        cells[6].trim()));
            }
        }
        return cases.stream();
    }

    /** Decodes the body column (see the corpus header). */
    static byte[] body(String cell) {
        if (cell.startsWith("hex:")) {
            return HexFormat.of().parseHex(cell.substring(4));
        }
        if (cell.startsWith("repeat:")) {
            String[] parts = cell.split(":", 3);
            return parts[2].repeat(Integer.parseInt(parts[1])).getBytes(StandardCharsets.UTF_8);
        }
        for (String encoding : List.of("utf16le", "utf16be", "utf32be")) {
            if (cell.startsWith(encoding + ":")) {
                Charset charset = Charset.forName(encoding.replace("utf16", "UTF-16")
                        .replace("utf32", "UTF-32")
                        .replace("le", "LE")
                        .replace("be", "BE"));
                return cell.substring(encoding.length() + 1).getBytes(charset);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] text = cell.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\\' && i + 1 < text.length) {
                byte next = text[i + 1];
                if (next == 'x' && i + 3 < text.length) {
                    bytes.write(Integer.parseInt(new String(text, i + 2, 2, StandardCharsets.US_ASCII), 16));
                    i += 3;
                    continue;
                }
                if (next == 'n') {
                    bytes.write('\n');
                    i++;
                    continue;
                }
                if (next == '\\') {
                    bytes.write('\\');
                    i++;
                    continue;
                }
            }
            bytes.write(text[i]);
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyHostileRequestAnswersItsDocumentedCode(Case c) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        String head = c.method() + " " + c.path() + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                + c.body().length + "\r\n"
                + (c.contentType().equals("-") ? "" : "Content-Type: " + c.contentType() + "\r\n")
                + "Connection: close\r\n\r\n";
        request.write(head.getBytes(StandardCharsets.ISO_8859_1));
        request.write(c.body());
        RawHttp.Answer response = RawHttp.exchange(server.server().apiPort(), request.toByteArray());
        assertThat(response.status()).as(c.name() + ": " + response.body()).isEqualTo(c.status());
        assertThat(response.head()).containsIgnoringCase("content-type: application/json");
        JsonNode answer = Json.parse(response.body());
        if (c.code().equals("ok")) {
            assertThat(answer.has("prediction_id")).isTrue();
            return;
        }
        assertThat(answer.get("code").asText())
                .as(c.name() + ": " + response.body())
                .isEqualTo(c.code());
        assertThat(answer.get("status").asInt()).isEqualTo(c.status());
        assertThat(answer.get("error").asText())
                .isNotBlank()
                .doesNotContain("Exception")
                .doesNotContain("jackson");
        assertThat(answer.has("field")).isTrue();
    }
}
