package org.loanmodel.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanmodel.model.ConfusionCell.FALSE_NEGATIVE;
import static org.loanmodel.model.ConfusionCell.FALSE_POSITIVE;
import static org.loanmodel.model.ConfusionCell.TRUE_NEGATIVE;
import static org.loanmodel.model.ConfusionCell.TRUE_POSITIVE;

import org.junit.jupiter.api.Test;

class QualityMonitorTest {

    @Test
    void emptyWindowHasUndefinedRates() {
        QualitySnapshot empty = new QualityMonitor(3).snapshot();
        assertThat(empty.size()).isZero();
        assertThat(empty.accuracy()).isNaN();
        assertThat(empty.precision()).isNaN();
    }

    @Test
    void oldestLabelLeavesWhenTheWindowIsFull() {
        QualityMonitor monitor = new QualityMonitor(3);
        monitor.record(FALSE_POSITIVE);
        monitor.record(TRUE_POSITIVE);
        QualitySnapshot full = monitor.record(TRUE_NEGATIVE);
        assertThat(full).isEqualTo(new QualitySnapshot(1, 1, 1, 0));
        assertThat(full.accuracy()).isEqualTo(2.0 / 3);

        QualitySnapshot slid = monitor.record(FALSE_NEGATIVE);
        assertThat(slid).isEqualTo(new QualitySnapshot(1, 0, 1, 1));
        assertThat(slid.precision()).isEqualTo(1.0);
        assertThat(slid.recall()).isEqualTo(0.5);
        assertThat(slid.f1()).isEqualTo(2.0 / 3);
    }

    @Test
    void hundredLabelWindowKeepsTheLastHundred() {
        QualityMonitor monitor = new QualityMonitor(100);
        for (int i = 0; i < 150; i++) {
            monitor.record(i < 50 ? FALSE_POSITIVE : TRUE_POSITIVE);
        }
        assertThat(monitor.snapshot().accuracy()).isEqualTo(1.0);
        for (int i = 0; i < 25; i++) {
            monitor.record(TRUE_NEGATIVE);
        }
        assertThat(monitor.snapshot()).isEqualTo(new QualitySnapshot(75, 0, 25, 0));
    }
}
