package org.loanmodel.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.Numbers;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;
import org.loanmodel.training.LoanDataGenerator;

/**
 * Traffic from a shifted income distribution, sent over HTTP, must raise income's PSI above the
 * alert level on both the in-process gauge and the PSI computed from the exported counters the way
 * the PromQL recording rule does, while the other features stay below the warning level.
 */
class DriftScenarioTest {
    private static final List<String> SIGNALS =
            List.of("age", "income", "loan_amount", "loan_term", "credit_score", "employment_status", "loan_purpose");

    @TempDir
    Path dir;

    private Scrape sendTraffic(double incomeFactor) {
        ServeSettings settings =
                ServeSettings.ephemeral(dir.resolve("log.db").toString()).withWindows(100, 2000);
        try (RunningServer server = RunningServer.start(settings, java.time.Clock.systemUTC())) {
            LoanDataGenerator generator = new LoanDataGenerator(77, 0);
            for (int i = 0; i < 2000; i++) {
                LoanApplication a = generator.nextApplication();
                StringBuilder json = new StringBuilder("{");
                for (int f = 0; f < LoanDataGenerator.SCHEMA.size(); f++) {
                    double value = f == 1 ? Math.round(a.value("income") * incomeFactor) : a.value(f);
                    json.append(f == 0 ? "" : ",")
                            .append('"')
                            .append(LoanDataGenerator.SCHEMA.name(f))
                            .append("\":")
                            .append(Numbers.format(value));
                }
                assertThat(server.api()
                                .postJson("/predict", json.append('}').toString())
                                .statusCode())
                        .isEqualTo(200);
            }
            return server.scrape();
        }
    }

    /** PSI per feature from the exported counters, the formula of the PromQL recording rule. */
    static Map<String, Double> psiFromCounters(Scrape scrape) {
        Map<String, Double> psi = new LinkedHashMap<>();
        for (String feature : SIGNALS) {
            double total = 0;
            for (int bin = 0; scrape.has(observations(feature, bin)); bin++) {
                total += scrape.value(observations(feature, bin));
            }
            double sum = 0;
            for (int bin = 0; scrape.has(observations(feature, bin)); bin++) {
                double p = Math.max(scrape.value(observations(feature, bin)) / total, DriftStatistics.PSI_FLOOR);
                double q = Math.max(
                        scrape.value("model_drift_reference_ratio{bin=\"" + bin + "\",feature=\"" + feature + "\"}"),
                        DriftStatistics.PSI_FLOOR);
                sum += (p - q) * Math.log(p / q);
            }
            psi.put(feature, sum);
        }
        return psi;
    }

    private static String observations(String feature, int bin) {
        return "model_drift_observations_total{bin=\"" + bin + "\",feature=\"" + feature + "\"}";
    }

    private static double gauge(Scrape scrape, String feature) {
        return scrape.value("model_drift_psi{feature=\"" + feature + "\"}");
    }

    @Test
    void shiftedIncomeRaisesIncomePsiAboveAlertOnGaugeAndCounters() {
        Scrape scrape = sendTraffic(1.5);
        Map<String, Double> fromCounters = psiFromCounters(scrape);
        assertThat(gauge(scrape, "income")).isGreaterThan(DriftStatistics.PSI_ALERT);
        assertThat(fromCounters.get("income")).isGreaterThan(DriftStatistics.PSI_ALERT);
        for (String feature : SIGNALS) {
            // The whole run fits in the window, so the gauge and the counters see the same data.
            assertThat(fromCounters.get(feature)).as(feature).isEqualTo(gauge(scrape, feature));
            if (!feature.equals("income")) {
                assertThat(gauge(scrape, feature)).as(feature).isLessThan(DriftStatistics.PSI_WARN);
            }
        }
        assertThat(scrape.value("model_drift_window_observations")).isEqualTo(2000);
    }

    @Test
    void trafficLikeTheTrainingDataStaysCalm() {
        Scrape scrape = sendTraffic(1.0);
        psiFromCounters(scrape)
                .forEach((feature, psi) -> assertThat(psi).as(feature).isLessThan(DriftStatistics.PSI_WARN));
        SIGNALS.forEach(f -> assertThat(gauge(scrape, f)).as(f).isLessThan(DriftStatistics.PSI_WARN));
    }
}
