package org.loanmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.Bins;
import org.loanmodel.model.ReferenceProfile;

class ReferenceProfilerTest {

    @Test
    void decileCutsOfHundredDistinctValuesGiveTenEqualBins() {
        double[] values = IntStream.range(0, 100).asDoubleStream().toArray();
        assertThat(ReferenceProfiler.quantileCuts(values))
                .containsExactly(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0);
    }

    @Test
    void tiesCollapseCutsSoNoReferenceBinIsEmpty() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i < 60 ? 1 : 2;
        }
        assertThat(ReferenceProfiler.quantileCuts(values)).containsExactly(2.0);
    }

    @Test
    void categoriesGetOneBinEach() {
        assertThat(ReferenceProfiler.midpoints(List.of(12.0, 24.0, 36.0))).containsExactly(18.0, 30.0);
    }

    @Test
    void profileCoversEveryFeatureAndTheScore() {
        List<double[]> rows = new ArrayList<>();
        new LoanDataGenerator(3, 0)
                .generate(1000)
                .forEach(r -> rows.add(r.application().values()));
        ReferenceProfile profile =
                ReferenceProfiler.profile(LoanDataGenerator.SCHEMA, rows, new double[] {0.05, 0.15, 0.95, 1.0});
        assertThat(profile.features())
                .extracting(Bins::name)
                .containsExactlyElementsOf(LoanDataGenerator.SCHEMA.names());
        Bins income = profile.features().get(1);
        assertThat(income.count()).isEqualTo(10);
        assertThat(income.proportions()).allSatisfy(p -> assertThat(p).isEqualTo(0.1));
        assertThat(profile.features().get(5).cuts()).containsExactly(0.5);
        assertThat(profile.score().proportions()).containsExactly(0.25, 0.25, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5);
        assertThat(profile.signals()).hasSize(8);
    }
}
