package org.loanmodel.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The drift section: the process's own PSI and KS as exported, the bins from the counters. */
class DriftStatusTest {
    private final ContractMetrics metrics = new ContractMetrics();

    private DriftStatus drift() {
        return DriftStatus.read(MetricReader.of(metrics.registry.scrape()));
    }

    @Test
    void psiAndKsAreTheExportedGaugesAndBinsTheCountersBesideTheTrainingShares() {
        metrics.drift("income", 0.4123, 0.3456, new double[] {0.25, 0.5, 0.25}, new double[] {0, 50, 150})
                .driftWindow(200);

        DriftStatus.Signal income = drift().features().get(0);

        assertThat(income.name()).isEqualTo("income");
        assertThat(income.psi()).isEqualTo(0.4123);
        assertThat(income.ks()).isEqualTo(0.3456);
        assertThat(income.drifted()).isTrue();
        assertThat(income.observations()).isEqualTo(200);
        assertThat(income.bins())
                .containsExactly(
                        new DriftStatus.Bin(0, 10.0, 0, 0.0, 0.25),
                        new DriftStatus.Bin(1, 20.0, 50, 0.25, 0.5),
                        new DriftStatus.Bin(2, null, 150, 0.75, 0.25));
    }

    @Test
    void featuresAreSortedByPsiUnknownLastAndTheScoreIsApart() {
        metrics.drift("age", 0.02, 0.01, new double[] {1}, new double[] {5})
                .drift("prediction_score", 0.9, 0.5, new double[] {1}, new double[] {5})
                .drift("loan_term", Double.NaN, Double.NaN, new double[] {1}, new double[] {0})
                .drift("income", 0.3, 0.2, new double[] {1}, new double[] {5})
                .driftWindow(5);

        DriftStatus drift = drift();

        assertThat(drift.features().stream().map(DriftStatus.Signal::name).toList())
                .isEqualTo(List.of("income", "age", "loan_term"));
        assertThat(drift.features().get(2).psi()).isNull();
        assertThat(drift.features().get(2).bins().get(0).liveShare()).isNull();
        assertThat(drift.predictionScore().name()).isEqualTo("prediction_score");
        // Five decisions are too few for the alert, however high the PSI.
        assertThat(drift.predictionScore().drifted()).isFalse();
        assertThat(drift.features().get(0).drifted()).isFalse();
        assertThat(drift.windowObservations()).isEqualTo(5);
    }

    @Test
    void aPsiOfExactlyTheThresholdHasNotDrifted() {
        metrics.drift("income", StatusThresholds.PSI_DRIFTED, 0.2, new double[] {1}, new double[] {100})
                .driftWindow(100);

        assertThat(drift().features().get(0).drifted()).isFalse();
    }
}
