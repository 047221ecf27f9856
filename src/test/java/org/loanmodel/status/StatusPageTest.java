package org.loanmodel.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.loanmodel.testing.MutableClock;

/** The server-rendered page: numbers readable without JavaScript, nothing inline, nothing foreign. */
class StatusPageTest {
    private final ContractMetrics metrics = new ContractMetrics();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final TrafficSampler sampler = new TrafficSampler(metrics.registry, clock);

    private Dom page() {
        return new Dom(StatusPage.render(new StatusService(metrics.registry, sampler, clock).report()));
    }

    private void scenario() {
        metrics.info("aaaaaaaaaaaa", null)
                .feedback("aaaaaaaaaaaa", 40, 5, 45, 10)
                .requests(200, null, 0)
                .expectedCorrect(180)
                .drift("age", 0.0123, 0.02, new double[] {0.5, 0.5}, new double[] {100, 100})
                .drift("income", 0.41, 0.3456, new double[] {0.25, 0.5, 0.25}, new double[] {0, 50, 150})
                .drift("loan_term", Double.NaN, Double.NaN, new double[] {1}, new double[] {0})
                .drift("prediction_score", 0.05, 0.04, new double[] {0.5, 0.5}, new double[] {90, 110})
                .driftWindow(200)
                .log(200, 3, 65536)
                .committed(197);
    }

    @Test
    void keyNumbersAreServerRenderedWithTheirExactValues() {
        scenario();

        Dom page = page();

        assertThat(page.byId("accuracy").text()).isEqualTo("85.0 %");
        assertThat(page.byId("accuracy").attr("data-value")).isEqualTo("0.85");
        assertThat(page.byId("estimated-accuracy").text()).isEqualTo("90.0 %");
        assertThat(page.byId("label-coverage").text()).isEqualTo("50.0 %");
        assertThat(page.byId("requests-total").text()).isEqualTo("200");
        assertThat(page.byId("cm-tp").text()).isEqualTo("40");
        assertThat(page.byId("cm-fn").text()).isEqualTo("10");
        assertThat(page.byId("log-queue-capacity").text()).isEqualTo("65,536");
        assertThat(page.byId("log-committed").attr("data-value")).isEqualTo("197.0");
        // No sample yet: no rate, and the page says so rather than showing 0.
        assertThat(page.byId("requests-per-second").text()).isEqualTo("–");
        assertThat(page.byId("requests-per-second").attr("data-value")).isEmpty();
        assertThat(page.inside("models", "td").get(0).text()).isEqualTo("aaaaaaaaaaaa");
    }

    @Test
    void everyRefreshableNumberShowsItsValueInItsFormat() {
        scenario();

        List<Dom.Element> numbers = page().with("data-format");

        assertThat(numbers).hasSizeGreaterThan(30);
        for (Dom.Element number :
                numbers.stream().filter(e -> e.has("data-key")).toList()) {
            String raw = number.attr("data-value");
            Double value = raw.isEmpty() ? null : Double.valueOf(raw);
            assertThat(number.text())
                    .as(number.attr("data-key"))
                    .isEqualTo(Format.as(number.attr("data-format"), value));
        }
    }

    @Test
    void driftCardsShowTheExportedPsiAndKsHighestFirstAndMarkTheDriftedFeature() {
        scenario();

        Dom page = page();

        assertThat(page.with("data-feature").stream().map(e -> e.attr("data-feature")))
                .containsExactly("income", "age", "loan_term", "prediction_score");
        assertThat(page.byId("psi-income").text()).isEqualTo("0.410");
        assertThat(page.byId("psi-income").attr("data-value")).isEqualTo("0.41");
        assertThat(page.byId("ks-income").text()).isEqualTo("0.346");
        assertThat(page.byId("psi-age").text()).isEqualTo("0.012");
        assertThat(page.byId("psi-loan_term").text()).isEqualTo("–");
        assertThat(page.byId("psi-prediction_score").text()).isEqualTo("0.050");
        assertThat(page.byId("feature-income").attr("class")).isEqualTo("feature drifted");
        assertThat(page.byId("feature-age").attr("class")).isEqualTo("feature");
        assertThat(page.upToNext("feature-income", "data-feature")).contains("<span class=\"badge\">drifted</span>");
        assertThat(page.upToNext("feature-age", "data-feature"))
                .contains("<span class=\"badge\" hidden=\"\">drifted</span>");
        assertThat(page.inside("warnings", "li").stream().map(Dom.Element::text))
                .containsExactly("income has drifted: PSI 0.41 against the training data");
        assertThat(page.byId("all-clear").has("hidden")).isTrue();
    }

    @Test
    void withNothingToWarnAboutThePageSaysAllClear() {
        Dom page = page();

        assertThat(page.inside("warnings", "li")).isEmpty();
        assertThat(page.byId("all-clear").has("hidden")).isFalse();
        assertThat(page.byId("all-clear").text()).isEqualTo("No rule would alert now.");
    }

    @Test
    void noInlineScriptOrStyleAndNothingFromAnotherHost() {
        scenario();

        Dom page = page();

        for (Dom.Element element : page.elements()) {
            assertThat(element.attributes().keySet())
                    .as(element.tag())
                    .noneMatch(name -> name.equals("style") || name.startsWith("on"));
            if (element.tag().equals("script")) {
                assertThat(element.attr("src")).startsWith("/assets/");
                assertThat(element.text()).isEmpty();
            }
            for (String link : new String[] {element.attr("src"), element.attr("href")}) {
                if (link != null) {
                    assertThat(link).matches("/assets/[a-z.]+|data:,");
                }
            }
        }
        assertThat(page.html())
                .doesNotContain("<style")
                .doesNotContain("http://")
                .doesNotContain("https://");
        assertThat(page.with("data-chart").stream().map(e -> e.attr("data-chart")))
                .containsExactly(
                        "traffic", "latency", "drift-income", "drift-age", "drift-loan_term", "drift-prediction_score");
    }

    @Test
    void sectionsForLaterReleasesMetricsStayHiddenUntilTheMetricsExist() {
        scenario();
        Dom before = page();
        assertThat(before.byId("reasons-section").has("hidden")).isTrue();
        assertThat(before.byId("segments-section").has("hidden")).isTrue();

        metrics.denialReason("aaaaaaaaaaaa", "credit_score", 30)
                .denialReason("aaaaaaaaaaaa", "income", 10)
                .segmentDecisions("age_band", "18-25", 30, 70)
                .segmentDecisions("age_band", "26-60", 60, 40);
        Dom after = page();

        assertThat(after.byId("reasons-section").has("hidden")).isFalse();
        assertThat(after.inside("reasons", "tr").stream().map(e -> e.attr("data-row")))
                .containsExactly(null, "credit_score", "income");
        assertThat(after.inside("reasons", "td").stream().map(Dom.Element::text))
                .containsExactly("credit_score", "30", "75.0 %", "income", "10", "25.0 %");
        assertThat(after.byId("segments-section").has("hidden")).isFalse();
        assertThat(after.inside("segments", "tr").stream().map(e -> e.attr("data-row")))
                .containsExactly(null, "age_band/18-25", "age_band/26-60");
        assertThat(after.inside("segments", "td").stream().map(Dom.Element::text))
                .containsExactly(
                        "age_band", "18-25", "100", "30.0 %", "0.50", "age_band", "26-60", "100", "60.0 %", "1.00");
        assertThat(after.inside("warnings", "li").stream().map(e -> e.attr("data-rule")))
                .containsExactly("feature_drift", "adverse_impact");
    }

    @Test
    void labelValuesAreEscaped() {
        metrics.denialReason("aaaaaaaaaaaa", "<script>alert(1)</script>", 1);

        String html = StatusPage.render(new StatusService(metrics.registry, sampler, clock).report());

        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(Pattern.compile("<script>").matcher(html).find()).isFalse();
    }
}
