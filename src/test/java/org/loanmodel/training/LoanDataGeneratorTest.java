package org.loanmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.LoanApplication;

class LoanDataGeneratorTest {
    private static final List<TrainingExample> ROWS = new LoanDataGenerator(42, 0).generate(5000);

    @Test
    void featuresStayInTheOriginalSystemsRanges() {
        for (TrainingExample row : ROWS) {
            LoanApplication a = row.application();
            assertThat(a.value("age")).isBetween(20.0, 69.0);
            assertThat(a.value("income")).isBetween(20000.0, 99999.0);
            assertThat(a.value("loan_amount")).isBetween(5000.0, 49999.0);
            assertThat(a.value("loan_term")).isIn(12.0, 24.0, 36.0, 48.0, 60.0);
            assertThat(a.value("credit_score")).isBetween(300.0, 849.0);
            assertThat(a.value("employment_status")).isIn(0.0, 1.0);
            assertThat(a.value("loan_purpose")).isIn(0.0, 1.0, 2.0, 3.0);
        }
    }

    @Test
    void everyValueOfEachCodedFeatureOccurs() {
        assertThat(distinct(ROWS, 3)).containsExactlyInAnyOrder(12.0, 24.0, 36.0, 48.0, 60.0);
        assertThat(distinct(ROWS, 5)).containsExactlyInAnyOrder(0.0, 1.0);
        assertThat(distinct(ROWS, 6)).containsExactlyInAnyOrder(0.0, 1.0, 2.0, 3.0);
        assertThat(ROWS.stream()
                        .mapToDouble(r -> r.application().value("age"))
                        .min()
                        .orElseThrow())
                .isEqualTo(20);
        assertThat(ROWS.stream()
                        .mapToDouble(r -> r.application().value("age"))
                        .max()
                        .orElseThrow())
                .isEqualTo(69);
    }

    private static Set<Double> distinct(List<TrainingExample> rows, int feature) {
        return rows.stream().map(r -> r.application().value(feature)).collect(Collectors.toSet());
    }

    @Test
    void withoutNoiseTheLabelIsExactlyTheApprovalRule() {
        for (TrainingExample row : ROWS) {
            LoanApplication a = row.application();
            int expected = a.value("credit_score") > 600 && a.value("income") > 30000 && a.value("loan_amount") < 40000
                    ? 1
                    : 0;
            assertThat(row.outcome()).isEqualTo(expected);
        }
    }

    @Test
    void sameSeedGivesSameRows() {
        assertThat(new LoanDataGenerator(42, 0).generate(5000)).isEqualTo(ROWS);
        assertThat(new LoanDataGenerator(43, 0).generate(10)).isNotEqualTo(ROWS.subList(0, 10));
    }

    @Test
    void noiseFlipsLabelsButLeavesFeaturesAlone() {
        List<TrainingExample> noisy = new LoanDataGenerator(42, 0.1).generate(5000);
        long flipped = 0;
        for (int i = 0; i < noisy.size(); i++) {
            assertThat(noisy.get(i).application()).isEqualTo(ROWS.get(i).application());
            if (noisy.get(i).outcome() != ROWS.get(i).outcome()) {
                flipped++;
            }
        }
        // Binomial(5000, 0.1): mean 500, standard deviation 21.
        assertThat(flipped).isBetween(430L, 570L);
    }

    @Test
    void noiseAboveOneHalfIsRefused() {
        assertThatThrownBy(() -> new LoanDataGenerator(1, 0.6))
                .hasMessage("label noise must be between 0 and 0.5, got 0.6");
    }
}
