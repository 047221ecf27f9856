package org.loanmodel.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private static Map<String, Double> psiAfter(List<LoanApplication> traffic, int window) {
        DriftMonitor monitor = new DriftMonitor(REFERENCE, window, (signal, bin) -> {});
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

    @Test
    void everyObservationCountsOneBinPerSignal() {
        List<int[]> hits = new ArrayList<>();
        DriftMonitor monitor = new DriftMonitor(REFERENCE, 10, (signal, bin) -> hits.add(new int[] {signal, bin}));
        LoanApplication a = LoanDataGenerator.loan(21, 200000, 5000, 12, 849, 0, 3);
        monitor.observe(a, 0.95);
        List<Bins> signals = REFERENCE.signals();
        assertThat(hits).hasSize(8);
        for (int signal = 0; signal < 8; signal++) {
            double value = signal < 7 ? a.value(signal) : 0.95;
            assertThat(hits.get(signal))
                    .containsExactly(signal, signals.get(signal).binOf(value));
        }
        assertThat(hits.get(0)[1]).isZero(); // age 21 is below the first age cut
        assertThat(hits.get(1)[1]).isEqualTo(9); // income 200000 is above every income cut
        assertThat(hits.get(7)[1]).isEqualTo(9); // score 0.95 is in the top score bin
    }
}
