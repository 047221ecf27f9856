package org.loanmodel.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Tools;

/** No label value ever comes from a request, and the exposition is clean for promtool. */
class MetricLabelsTest {
    private static final String HOSTILE = "x\\\"}\\n{evil=\\\"1";

    @TempDir
    Path dir;

    private static Set<String> seriesOf(RunningServer server) {
        Set<String> series = new TreeSet<>(server.scrape().samples().keySet());
        series.removeIf(name -> name.startsWith("jvm_") || name.startsWith("process_"));
        return series;
    }

    @Test
    void hostileRequestsCreateNoNewSeries() {
        try (RunningServer server = RunningServer.start(dir)) {
            Set<String> before = seriesOf(server);
            List<String> bodies = List.of(
                    "{\"" + HOSTILE + "\": 1}",
                    "{\"age\": \"" + HOSTILE + "\"}",
                    "{\"prediction_id\": \"" + HOSTILE + "\", \"actual_outcome\": 1}",
                    "{\"prediction_id\": \"" + HOSTILE.replace("\\", "") + "\", \"actual_outcome\": 1,"
                            + " \"predicted_outcome\": 1}",
                    "{\"prediction_id\": \"abc\", \"actual_outcome\": 1, \"model_version\": \"" + HOSTILE + "\"}");
            for (String path : List.of("/predict", "/feedback")) {
                for (String body : bodies) {
                    server.api().postJson(path, body);
                    server.api().post(path, "application/" + HOSTILE.replace("\\", ""), body);
                }
            }
            server.api().get("/predict%22%7Bevil%3D%221");
            server.api()
                    .send(HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + server.server().apiPort() + "/predict?" + "class=evil"))
                            .header("X-Model-Version", HOSTILE)
                            .POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(seriesOf(server)).isEqualTo(before);
            assertThat(String.join("\n", before)).doesNotContain("evil");
        }
    }

    @Test
    void exposedMetricsPassPromtoolLint() throws IOException, InterruptedException {
        Path promtool = Tools.require("promtool", "apt-get install prometheus");
        try (RunningServer server = RunningServer.start(dir)) {
            server.api()
                    .postJson(
                            "/predict",
                            "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000,"
                                    + " \"loan_term\": 36, \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}");
            Path exposition = dir.resolve("metrics.txt");
            Files.writeString(exposition, server.metricsPort().get("/metrics").body());
            List<String> command = new ArrayList<>(List.of(promtool.toString(), "check", "metrics"));
            Process process = new ProcessBuilder(command)
                    .redirectInput(exposition.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).as(output).isZero();
            assertThat(output).isEmpty();
        }
    }
}
