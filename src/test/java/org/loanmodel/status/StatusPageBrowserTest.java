package org.loanmodel.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;
import org.loanmodel.testing.Tools;
import org.loanmodel.training.LoanDataGenerator;

/**
 * The status page in a real browser: the service in-process, incomes shifted far above the
 * training range (20,000-99,999), feedback for a quarter of the decisions; then headless Chromium
 * loads the page, runs its scripts and draws its charts. Every number the page shows, both as the
 * server rendered it and after the script refreshed it, must equal the scrape's; every chart must
 * be drawn; nothing may be logged to the console, fail, or break the Content-Security-Policy.
 */
class StatusPageBrowserTest {
    private static final int PREDICTIONS = 400;
    private static final int LABELLED = 100;
    private static final int WRONG = 10;
    private static final List<String> FEATURES =
            List.of("age", "income", "loan_amount", "loan_term", "credit_score", "employment_status", "loan_purpose");

    @TempDir
    Path dir;

    @Test
    void anIncomeShiftShowsTheScrapesNumbersAndItsDriftInARealBrowser() throws Exception {
        Chromium chromium = Chromium.require();
        try (RunningServer server = RunningServer.start(dir)) {
            sendIncomeShift(server);
            Scrape scrape = settled(server);
            Dom served = new Dom(server.api().get("/status").body());
            Path screenshot = Tools.projectDir().resolve("target/screenshots/status-income-shift.png");

            Chromium.Run run = chromium.load(
                    "http://127.0.0.1:" + server.server().apiPort() + "/status",
                    12_000,
                    screenshot,
                    1280,
                    2000,
                    dir,
                    Duration.ofSeconds(120));
            System.out.println(
                    "chromium loaded the status page in " + run.elapsed().toMillis() + " ms");
            Dom browser = new Dom(run.dom());

            assertThat(run.console()).isEmpty();
            assertThat(browser.byId("generated-at").tag()).isEqualTo("time");
            Dom.Element html = browser.elements().stream()
                    .filter(e -> e.tag().equals("html"))
                    .findFirst()
                    .orElseThrow();
            assertThat(html.attr("data-guard")).isEqualTo("on");
            assertThat(html.attr("data-errors")).isEmpty();
            assertThat(Integer.parseInt(browser.with("data-refreshes").get(0).attr("data-refreshes")))
                    .isGreaterThanOrEqualTo(2);
            Map<String, Double> expected =
                    expectedNumbers(scrape, server.server().model().version());
            assertNumbers(served, expected, false);
            assertNumbers(browser, expected, true);
            assertDriftStandsOut(served, scrape);
            assertDriftStandsOut(browser, scrape);
            assertChartsDrawn(browser);
            assertThat(Files.size(screenshot)).isGreaterThan(50_000);
        }
    }

    /** The console check above would see a page's error: Chromium logs it as a CONSOLE line. */
    @Test
    void chromiumReportsAPagesConsoleErrorsInItsLog() {
        Chromium chromium = Chromium.require();

        Chromium.Run run = chromium.load(
                "data:text/html,<p id=x>before</p><script>console.error('broken page');"
                        + "document.getElementById('x').textContent='after'</script>",
                1_000,
                dir.resolve("console.png"),
                400,
                300,
                dir,
                Duration.ofSeconds(120));

        assertThat(run.console()).hasSize(1);
        assertThat(run.console().get(0)).contains("\"broken page\"");
        assertThat(new Dom(run.dom()).byId("x").text()).isEqualTo("after");
    }

    /** 400 applicants like the training data but with incomes 180,000-300,000; a quarter labelled, 90 % right. */
    private static void sendIncomeShift(RunningServer server) {
        LoanDataGenerator generator = new LoanDataGenerator(77, 0);
        List<String> ids = new ArrayList<>();
        List<Integer> decisions = new ArrayList<>();
        for (int i = 0; i < PREDICTIONS; i++) {
            LoanApplication applicant = generator.nextApplication();
            StringBuilder body = new StringBuilder("{");
            for (int f = 0; f < LoanDataGenerator.SCHEMA.size(); f++) {
                String name = LoanDataGenerator.SCHEMA.name(f);
                double value =
                        name.equals("income") ? Math.round(applicant.value(f) * 1.5 + 150_000) : applicant.value(f);
                body.append(f == 0 ? "" : ",")
                        .append('"')
                        .append(name)
                        .append("\":")
                        .append(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
            }
            JsonNode answer =
                    Json.body(server.api().postJson("/predict", body.append('}').toString()));
            ids.add(answer.get("prediction_id").asText());
            decisions.add(answer.get("approval_status").asInt());
        }
        for (int i = 0; i < LABELLED; i++) {
            int actual = i < WRONG ? 1 - decisions.get(i) : decisions.get(i);
            String feedback = "{\"prediction_id\":\"" + ids.get(i) + "\",\"actual_outcome\":" + actual + "}";
            assertThat(server.api().postJson("/feedback", feedback).statusCode())
                    .isEqualTo(200);
        }
    }

    /** Waits for the log writer and the sampler to catch up, then scrapes: nothing moves after this. */
    private static Scrape settled(RunningServer server) {
        Await.until("the prediction log to commit every decision", Duration.ofSeconds(30), () -> {
            Scrape scrape = server.scrape();
            return scrape.value("model_prediction_log_committed_total") == PREDICTIONS
                    && scrape.value("model_prediction_log_rows") == PREDICTIONS
                    && scrape.value("model_prediction_log_queue_depth") == 0;
        });
        Await.until(
                "the sampler to see every request",
                Duration.ofSeconds(30),
                () -> Json.body(server.api().get("/status.json"))
                                .at("/traffic/requests_in_window")
                                .asDouble()
                        == PREDICTIONS);
        return server.scrape();
    }

    /** Element id to the value the page must show, computed from the scrape alone. */
    private static Map<String, Double> expectedNumbers(Scrape scrape, String version) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        double[] cells = new double[4];
        String[] outcomes = {"tp", "fp", "tn", "fn"};
        for (int i = 0; i < 4; i++) {
            cells[i] = scrape.value(
                    "model_feedback_total{model_version=\"" + version + "\",outcome=\"" + outcomes[i] + "\"}");
            numbers.put("cm-" + outcomes[i], cells[i]);
        }
        double labels = cells[0] + cells[1] + cells[2] + cells[3];
        assertThat(labels).isEqualTo(LABELLED);
        double success = scrape.value("model_success_total");
        numbers.put("requests-total", scrape.value("model_requests_total"));
        numbers.put("requests-window", scrape.value("model_requests_total"));
        numbers.put("accuracy", (cells[0] + cells[2]) / labels);
        numbers.put("accuracy-realized", (cells[0] + cells[2]) / labels);
        numbers.put("precision-realized", cells[0] / (cells[0] + cells[1]));
        numbers.put("recall-realized", cells[0] / (cells[0] + cells[3]));
        numbers.put("estimated-accuracy", scrape.value("model_expected_correct_total") / success);
        numbers.put("label-coverage", labels / success);
        numbers.put("label-delay", medianLabelDelay(scrape));
        for (String feature : FEATURES) {
            numbers.put("psi-" + feature, scrape.value("model_drift_psi{feature=\"" + feature + "\"}"));
            numbers.put("ks-" + feature, scrape.value("model_drift_ks{feature=\"" + feature + "\"}"));
        }
        numbers.put("psi-prediction_score", scrape.value("model_drift_psi{feature=\"prediction_score\"}"));
        numbers.put("drift-window", scrape.value("model_drift_window_observations"));
        numbers.put("log-rows", scrape.value("model_prediction_log_rows"));
        numbers.put("log-queue-depth", scrape.value("model_prediction_log_queue_depth"));
        numbers.put("log-queue-capacity", scrape.value("model_prediction_log_queue_capacity"));
        numbers.put("log-write-failures", scrape.value("model_prediction_log_write_failures_total"));
        numbers.put("log-committed", scrape.value("model_prediction_log_committed_total"));
        assertThat(numbers.get("requests-total")).isEqualTo(PREDICTIONS);
        assertThat(numbers.get("accuracy")).isEqualTo(0.9);
        return numbers;
    }

    /**
     * The median label delay from the scraped buckets, interpolated within its bucket as PromQL's
     * histogram_quantile does: the delays are real time in this test, so the bucket is not fixed.
     */
    private static double medianLabelDelay(Scrape scrape) {
        java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
        scrape.samples().forEach((sample, count) -> {
            if (sample.startsWith("model_label_delay_seconds_bucket{le=\"")) {
                String le = sample.substring(sample.indexOf("le=\"") + 4, sample.lastIndexOf('"'));
                buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), count);
            }
        });
        double rank = buckets.lastEntry().getValue() / 2;
        double lower = 0;
        double below = 0;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= rank) {
                return lower + (bucket.getKey() - lower) * (rank - below) / (bucket.getValue() - below);
            }
            lower = bucket.getKey();
            below = bucket.getValue();
        }
        throw new AssertionError("no bucket holds the median");
    }

    private static void assertNumbers(Dom page, Map<String, Double> expected, boolean refreshed) {
        expected.forEach((id, value) -> {
            Dom.Element element = page.byId(id);
            assertThat(Double.parseDouble(element.attr("data-value"))).as(id).isEqualTo(value);
            assertThat(element.text()).as(id).isEqualTo(Format.as(element.attr("data-format"), value));
        });
        assertThat(page.byId("errors-total").text()).isEqualTo("0");
        for (Dom.Element number : page.with("data-key")) {
            assertThat(number.attr("data-source")).as(number.attr("data-key")).isEqualTo(refreshed ? "live" : null);
        }
    }

    /** The drifted feature comes first, marked in words and color, and is the one warning. */
    private static void assertDriftStandsOut(Dom page, Scrape scrape) {
        List<Dom.Element> cards = page.with("data-feature");
        assertThat(cards.get(0).attr("data-feature")).isEqualTo("income");
        for (Dom.Element card : cards) {
            String feature = card.attr("data-feature");
            double psi = scrape.value("model_drift_psi{feature=\"" + feature + "\"}");
            boolean drifted = psi > StatusThresholds.PSI_DRIFTED;
            assertThat(card.attr("class")).as(feature).isEqualTo(drifted ? "feature drifted" : "feature");
            assertThat(drifted).as(feature).isEqualTo(feature.equals("income"));
        }
        double income = scrape.value("model_drift_psi{feature=\"income\"}");
        List<String> warnings =
                page.inside("warnings", "li").stream().map(Dom.Element::text).toList();
        // Drift comes first; the shipped age bands may add a fairness warning for this traffic.
        assertThat(warnings.get(0))
                .isEqualTo("income has drifted: PSI " + Format.fixed(income, 2) + " against the training data");
        assertThat(warnings.subList(1, warnings.size()))
                .allSatisfy(
                        warning -> assertThat(warning).startsWith("in segment ").doesNotContain("drifted"));
    }

    /** Every chart container was drawn by uPlot and holds its canvas. */
    private static void assertChartsDrawn(Dom page) {
        List<Dom.Element> charts = page.with("data-chart");
        assertThat(charts).hasSize(2 + FEATURES.size() + 1);
        for (Dom.Element chart : charts) {
            assertThat(chart.attr("data-rendered")).as(chart.attr("id")).isEqualTo("true");
            assertThat(page.upToNext(chart.attr("id"), "data-chart"))
                    .as(chart.attr("id"))
                    .contains("<canvas");
        }
    }
}
