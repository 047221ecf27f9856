package org.loanmodel.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Quantiles from buckets as PromQL's histogram_quantile computes them. */
class HistogramQuantileTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double[] BOUNDS = {1, 2, 4, INF};

    @Test
    void interpolatesLinearlyInsideTheBucketHoldingTheRank() {
        // 8 observations: rank 4 for p50 is the 2nd of 4 in (1, 2]; rank 7.92 for p99 is in (2, 4].
        double[] counts = {2, 4, 2, 0};

        assertThat(HistogramQuantile.of(0.5, BOUNDS, counts)).isEqualTo(1.5);
        assertThat(HistogramQuantile.of(0.99, BOUNDS, counts)).isEqualTo(2 + 2 * (0.99 * 8 - 6) / 2);
    }

    @Test
    void theFirstBucketStartsAtZero() {
        assertThat(HistogramQuantile.of(0.5, BOUNDS, new double[] {4, 0, 0, 0})).isEqualTo(0.5);
    }

    @Test
    void aRankInTheInfiniteBucketAnswersTheHighestFiniteBound() {
        assertThat(HistogramQuantile.of(0.99, BOUNDS, new double[] {1, 0, 0, 9}))
                .isEqualTo(4);
    }

    @Test
    void emptyBucketsBeforeTheRankAreSkipped() {
        assertThat(HistogramQuantile.of(0.5, BOUNDS, new double[] {0, 0, 2, 0})).isEqualTo(3);
    }

    @Test
    void noObservationsHaveNoQuantile() {
        assertThat(HistogramQuantile.of(0.5, BOUNDS, new double[] {0, 0, 0, 0})).isNaN();
    }
}
