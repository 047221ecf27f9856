package org.loanmodel.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.Bins;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.model.ReferenceProfile;
import org.loanmodel.training.LoanDataGenerator;

class DriftMonitorTest {
    private static final LoanModel MODEL = ModelArtifact.loadDefault();
    private static final ReferenceProfile REFERENCE = MODEL.metadata().reference();

    private static DriftMetrics metrics(PrometheusRegistry registry) {
        return new DriftMetrics(new MetricBuilders(registry), REFERENCE);
    }

    private static Map<String, Double> psiAfter(List<LoanApplication> traffic, int window) {
        DriftMonitor monitor = new DriftMonitor(REFERENCE, window, metrics(new PrometheusRegistry()));
        traffic.forEach(a -> monitor.observe(a, MODEL.probability(a)));
        return monitor.snapshot().stream()
                .collect(Collectors.toMap(DriftMonitor.SignalDrift::name, DriftMonitor.SignalDrift::psi));
    }

    private static List<LoanApplication> traffic(long seed, int count, double incomeShift) {
        LoanDataGenerator generator = new LoanDataGenerator(seed, 0);
        List<LoanApplication> applications = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LoanApplication a = generator.nextApplication();
            applications.add(LoanDataGenerator.loan(
                    a.value("age"),
                    a.value("income") + incomeShift,
                    a.value("loan_amount"),
                    a.value("loan_term"),
                    a.value("credit_score"),
                    a.value("employment_status"),
                    a.value("loan_purpose")));
        }
        return applications;
    }

    @Test
    void trafficLikeTheTrainingDataStaysBelowTheWarningLevel() {
        Map<String, Double> psi = psiAfter(traffic(99, 5000, 0), 5000);
        assertThat(psi).hasSize(8);
        psi.forEach((feature, value) -> assertThat(value).as(feature).isLessThan(DriftStatistics.PSI_WARN));
    }

    @Test
    void shiftedIncomeRaisesOnlyIncomePsiAboveTheAlertLevel() {
        Map<String, Double> psi = psiAfter(traffic(99, 5000, 40000), 5000);
        assertThat(psi.get("income")).isGreaterThan(DriftStatistics.PSI_ALERT);
        for (String feature :
                List.of("age", "loan_amount", "loan_term", "credit_score", "employment_status", "loan_purpose")) {
            assertThat(psi.get(feature)).as(feature).isLessThan(DriftStatistics.PSI_WARN);
        }
    }

    @Test
    void windowForgetsTrafficOlderThanItsCapacity() {
        List<LoanApplication> shiftedThenNormal = new ArrayList<>(traffic(5, 2000, 60000));
        shiftedThenNormal.addAll(traffic(6, 2000, 0));
        assertThat(psiAfter(shiftedThenNormal, 2000).get("income")).isLessThan(DriftStatistics.PSI_WARN);
        assertThat(psiAfter(shiftedThenNormal, 4000).get("income")).isGreaterThan(DriftStatistics.PSI_ALERT);
    }

    /** {@code model_drift_observations_total} as {@code feature/bin} to count, zero counts left out. */
    private static Map<String, Long> observed(PrometheusRegistry registry) {
        Pattern series = Pattern.compile("model_drift_observations_total\\{bin=\"(\\d+)\",feature=\"(\\w+)\"}");
        Map<String, Long> counts = new TreeMap<>();
        Registries.scrape(registry).samples().forEach((sample, value) -> {
            Matcher matcher = series.matcher(sample);
            if (matcher.matches() && value > 0) {
                counts.put(matcher.group(2) + "/" + matcher.group(1), value.longValue());
            }
        });
        return counts;
    }

    @Test
    void everyObservationCountsOneBinPerSignal() {
        PrometheusRegistry registry = new PrometheusRegistry();
        DriftMonitor monitor = new DriftMonitor(REFERENCE, 10, metrics(registry));
        LoanApplication a = LoanDataGenerator.loan(21, 200000, 5000, 12, 849, 0, 3);
        monitor.observe(a, 0.95);
        Map<String, Long> expected = new TreeMap<>();
        List<Bins> signals = REFERENCE.signals();
        for (int signal = 0; signal < 8; signal++) {
            double value = signal < 7 ? a.value(signal) : 0.95;
            expected.put(signals.get(signal).name() + "/" + signals.get(signal).binOf(value), 1L);
        }
        assertThat(observed(registry)).isEqualTo(expected);
        assertThat(expected)
                .containsKeys(
                        "age/0", // age 21 is below the first age cut
                        "income/9", // income 200000 is above every income cut
                        "prediction_score/9"); // score 0.95 is in the top score bin
    }

    @Test
    void valuesOnACutFallInTheBinAboveItAsTheReferenceBinsSay() {
        Bins income = REFERENCE.features().get(1);
        for (int cut = 0; cut < income.cuts().size(); cut++) {
            PrometheusRegistry registry = new PrometheusRegistry();
            DriftMonitor monitor = new DriftMonitor(REFERENCE, 10, metrics(registry));
            double edge = income.cuts().get(cut);
            monitor.observe(LoanDataGenerator.loan(40, edge, 5000, 12, 700, 1, 1), 0.5);
            assertThat(observed(registry)).containsEntry("income/" + income.binOf(edge), 1L);
            assertThat(income.binOf(edge)).isEqualTo(cut + 1);
        }
    }

    @Test
    void metricsBuiltForAnotherProfileAreRefused() {
        ReferenceProfile other = new ReferenceProfile(REFERENCE.features().subList(0, 3), REFERENCE.score());
        assertThatThrownBy(() -> new DriftMonitor(other, 10, metrics(new PrometheusRegistry())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("drift metrics were built for another reference profile");
    }
}
