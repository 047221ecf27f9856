package org.loanmodel.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.loanmodel.testing.MutableClock;

/** The per-second ring buffer, driven by a clock the test steps: no sleeping, exact slots. */
class TrafficSamplerTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00.250Z");

    private final ContractMetrics metrics = new ContractMetrics();
    private final MutableClock clock = new MutableClock(START);

    private void step(TrafficSampler sampler, int seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        sampler.sample();
    }

    /** The newest {@code n} seconds of a series. */
    private static double[] newest(TrafficHistory history, int series, int n) {
        double[] values = history.window()[series];
        return Arrays.copyOfRange(values, values.length - n, values.length);
    }

    @Test
    void eachSecondHoldsTheIncreaseSinceThePreviousSample() {
        TrafficSampler sampler = new TrafficSampler(metrics.registry, clock);
        metrics.requests(4, null, 0);
        sampler.sample(); // the baseline: what came before is not in the history
        metrics.requests(3, null, 0);
        step(sampler, 1);
        metrics.requests(5, "internal", 2);
        step(sampler, 1);

        TrafficHistory history = sampler.history();

        assertThat(history.seconds()).isEqualTo(TrafficSampler.WINDOW_SECONDS).isEqualTo(900);
        assertThat(history.lastSecond()).isEqualTo(START.getEpochSecond() + 2);
        assertThat(history.firstSecond()).isEqualTo(START.getEpochSecond() + 2 - 899);
        assertThat(newest(history, TrafficHistory.REQUESTS, 3)).containsExactly(Double.NaN, 3, 7);
        assertThat(newest(history, TrafficHistory.ERRORS, 2)).containsExactly(0, 2);
        assertThat(history.sum(TrafficHistory.REQUESTS, 900)).isEqualTo(10);
        assertThat(history.sampled(900)).isEqualTo(2);
        assertThat(history.perSecond(TrafficHistory.REQUESTS, 60)).isEqualTo(5);
    }

    @Test
    void beforeTheFirstIncreaseEverySecondIsUnsampled() {
        TrafficSampler sampler = new TrafficSampler(metrics.registry, clock);
        assertThat(sampler.history().sampled(900)).isZero();
        sampler.sample();

        TrafficHistory history = sampler.history();

        assertThat(history.sampled(900)).isZero();
        assertThat(history.perSecond(TrafficHistory.REQUESTS, 60)).isNaN();
        assertThat(history.latencyQuantile(0.5, 60)).isNaN();
    }

    @Test
    void aLateSampleSpreadsTheIncreaseOverTheMissedSecondsInWholeCounts() {
        TrafficSampler sampler = new TrafficSampler(metrics.registry, clock);
        sampler.sample();
        metrics.requests(7, null, 0);
        step(sampler, 3);

        TrafficHistory history = sampler.history();

        assertThat(newest(history, TrafficHistory.REQUESTS, 4)).containsExactly(Double.NaN, 2, 2, 3);
        assertThat(history.sum(TrafficHistory.REQUESTS, 900)).isEqualTo(7);
    }

    @Test
    void twoSamplesInOneSecondAddUpInThatSecond() {
        TrafficSampler sampler = new TrafficSampler(metrics.registry, clock);
        sampler.sample();
        metrics.requests(2, null, 0);
        step(sampler, 1);
        metrics.requests(3, null, 0);
        clock.advance(Duration.ofMillis(500));
        sampler.sample();

        assertThat(newest(sampler.history(), TrafficHistory.REQUESTS, 2)).containsExactly(Double.NaN, 5);
    }

    @Test
    void secondsOlderThanTheWindowAreForgotten() {
        TrafficSampler sampler = new TrafficSampler(metrics.registry, clock, 5);
        sampler.sample();
        metrics.requests(9, null, 0);
        step(sampler, 1);
        for (int second = 0; second < 4; second++) {
            metrics.requests(1, null, 0);
            step(sampler, 1);
        }
        assertThat(sampler.history().window()[TrafficHistory.REQUESTS]).containsExactly(9, 1, 1, 1, 1);

        step(sampler, 1);

        assertThat(sampler.history().window()[TrafficHistory.REQUESTS]).containsExactly(1, 1, 1, 1, 0);
        assertThat(sampler.history().sum(TrafficHistory.REQUESTS, 5)).isEqualTo(4);
    }

    @Test
    void aGapLongerThanTheWindowLeavesOnlyTheNewestSecondsAndNoStaleSlot() {
        TrafficSampler sampler = new TrafficSampler(metrics.registry, clock, 5);
        sampler.sample();
        metrics.requests(50, null, 0);
        step(sampler, 1);
        metrics.requests(20, null, 0);
        step(sampler, 10);

        assertThat(sampler.history().window()[TrafficHistory.REQUESTS]).containsExactly(2, 2, 2, 2, 2);
    }

    @Test
    void serverSideErrorsLeaveOutInvalidInput() {
        TrafficSampler sampler = new TrafficSampler(metrics.registry, clock);
        sampler.sample();
        metrics.requests(10, "invalid_input", 3).requests(0, "overloaded", 1);
        step(sampler, 1);

        TrafficHistory history = sampler.history();

        assertThat(history.sum(TrafficHistory.ERRORS, 900)).isEqualTo(4);
        assertThat(history.sum(TrafficHistory.SERVER_ERRORS, 900)).isEqualTo(1);
        assertThat(history.sum(TrafficHistory.REQUESTS, 900)).isEqualTo(14);
    }

    @Test
    void latencyQuantilesComeFromTheBucketIncreasesOfEachSecondAndOfTheWindow() {
        TrafficSampler sampler = new TrafficSampler(metrics.registry, clock);
        metrics.latency(0.75); // before the baseline: in no second
        sampler.sample();
        metrics.requests(4, null, 0).latency(0.1, 0.1, 0.3, 0.3);
        step(sampler, 1);
        metrics.requests(2, null, 0).latency(0.75, 0.75);
        step(sampler, 1);

        TrafficHistory history = sampler.history();

        assertThat(history.latencyBounds()).containsExactly(0.25, 0.5, 1, Double.POSITIVE_INFINITY);
        double[] p50 = history.latencyQuantiles(0.5);
        // Second 1: rank 2 of 4 at the top of the first bucket; second 2: both half way into (0.5, 1].
        assertThat(p50[899 - 1]).isEqualTo(0.25);
        assertThat(p50[899]).isEqualTo(0.75);
        assertThat(p50[899 - 2]).isNaN();
        // Both seconds: 6 observations, rank 3 half way into the second bucket (0.25, 0.5].
        assertThat(history.latencyQuantile(0.5, 60)).isEqualTo(0.375);
    }

    @Test
    void aFailingRegistryIsCountedAndTheNextSampleIsABaseline() {
        Collector broken = new Collector() {
            @Override
            public MetricSnapshot collect() {
                throw new IllegalStateException("collector broke");
            }
        };
        TrafficSampler sampler = new TrafficSampler(metrics.registry, clock);
        sampler.sample();
        metrics.requests(3, null, 0);
        step(sampler, 1);
        metrics.registry.register(broken);
        metrics.requests(100, null, 0);
        step(sampler, 1);
        metrics.registry.unregister(broken);
        step(sampler, 1);
        metrics.requests(1, null, 0);
        step(sampler, 1);

        TrafficHistory history = sampler.history();

        assertThat(sampler.failedSamples()).isEqualTo(1);
        // The 100 fell into the failed second and the baseline after it: not counted, not invented.
        assertThat(newest(history, TrafficHistory.REQUESTS, 4)).containsExactly(3, Double.NaN, Double.NaN, 1);
    }
}
