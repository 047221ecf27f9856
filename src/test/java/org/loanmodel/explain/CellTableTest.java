package org.loanmodel.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CellTableTest {
    /** What {@link CellTable#above} must return: a plain count. */
    private static int countAbove(double[] cuts, double value) {
        int count = 0;
        for (double cut : cuts) {
            if (value > cut) {
                count++;
            }
        }
        return count;
    }

    @Test
    void countsTheCutsAValueLiesAboveForEveryLengthAndEveryKindOfValue() {
        SplittableRandom random = new SplittableRandom(11);
        for (int length = 0; length <= 40; length++) {
            double[] cuts = random.doubles(length, -100, 100)
                    .map(Math::rint)
                    .distinct()
                    .sorted()
                    .toArray();
            double[] values = new double[4 * cuts.length + 6];
            int v = 0;
            for (double cut : cuts) {
                values[v++] = cut;
                values[v++] = Math.nextUp(cut);
                values[v++] = Math.nextDown(cut);
                values[v++] = cut + 0.5;
            }
            values[v++] = Double.NaN;
            values[v++] = Double.NEGATIVE_INFINITY;
            values[v++] = Double.POSITIVE_INFINITY;
            values[v++] = -0.0;
            values[v++] = -1e300;
            values[v] = 1e300;
            for (double value : values) {
                assertThat(CellTable.above(cuts, value))
                        .as("%s in %s", value, Arrays.toString(cuts))
                        .isEqualTo(countAbove(cuts, value));
            }
        }
    }

    @Test
    void anAbsentValueLiesAboveNoCut() {
        assertThat(CellTable.above(new double[] {Double.NEGATIVE_INFINITY, -1, 0, 5}, Double.NaN))
                .isZero();
        assertThat(CellTable.above(new double[] {-1, 0, 5}, Double.NEGATIVE_INFINITY))
                .isZero();
        assertThat(CellTable.above(new double[] {-1, 0, 5}, 5)).isEqualTo(2);
        assertThat(CellTable.above(new double[] {-1, 0, 5}, 6)).isEqualTo(3);
    }
}
