package org.loanmodel.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When the compiler counts as settled, on a stepped clock and a stepped compilation total. */
class CompilerActivityTest {
    private final AtomicLong millis = new AtomicLong(1_000);
    private final AtomicLong nanos = new AtomicLong();
    private final CompilerActivity activity = new CompilerActivity(millis::get, nanos::get);
    private long answered;

    private void advance(long byMillis, long compiledMillis) {
        nanos.addAndGet(Duration.ofMillis(byMillis).toNanos());
        millis.addAndGet(compiledMillis);
    }

    @Test
    void idleOnlyOnceAWholeWindowPassedWithoutCompilation() {
        CompilerActivity.Window window = activity.window(Duration.ofMillis(500), 100);
        advance(400, 0);
        assertThat(window.idle(answered += 100, 0.0, Duration.ofMillis(20))).isFalse();
        advance(100, 0);
        assertThat(window.idle(answered += 100, 0.0, Duration.ofMillis(20))).isTrue();
    }

    @Test
    void compilationWithinTheLastWindowIsNotIdleUntilItIsAWindowOld() {
        CompilerActivity.Window window = activity.window(Duration.ofMillis(500), 100);
        advance(500, 0);
        assertThat(window.idle(answered += 100, 0.0, Duration.ofMillis(20))).isTrue();
        advance(100, 30);
        assertThat(window.idle(answered += 100, 0.0, Duration.ofMillis(20))).isFalse();
        advance(400, 0);
        assertThat(window.idle(answered += 100, 0.0, Duration.ofMillis(20))).isFalse();
        advance(100, 0);
        assertThat(window.idle(answered += 100, 0.0, Duration.ofMillis(20))).isTrue();
    }

    @Test
    void compilationWithinTheNoiseCountsAsIdle() {
        CompilerActivity.Window window = activity.window(Duration.ofMillis(500), 100);
        advance(250, 10);
        window.idle(answered += 100, 0.0, Duration.ofMillis(20));
        advance(250, 10);
        assertThat(window.idle(answered += 100, 0.0, Duration.ofMillis(20))).isTrue();
        advance(100, 1);
        assertThat(window.idle(answered += 100, 0.0, Duration.ofMillis(20))).isFalse();
    }

    @Test
    void aLongerWindowAllowsItsShareOfCompilation() {
        CompilerActivity.Window window = activity.window(Duration.ofMillis(500), 100);
        advance(2_000, 100);
        assertThat(window.idle(100, 0.05, Duration.ofMillis(20))).isTrue();
        advance(2_000, 101);
        assertThat(window.idle(200, 0.05, Duration.ofMillis(20))).isFalse();
    }

    @Test
    void aPauseOfTheRequestsIsNoCalm() {
        CompilerActivity.Window window = activity.window(Duration.ofMillis(500), 100);
        advance(1_000, 0);
        assertThat(window.idle(50, 0.0, Duration.ofMillis(20))).isFalse();
        advance(1_000, 0);
        assertThat(window.idle(50, 0.0, Duration.ofMillis(20))).isFalse();
        advance(100, 0);
        assertThat(window.idle(100, 0.0, Duration.ofMillis(20))).isTrue();
    }

    @Test
    void aJvmThatMeasuresNoCompilationNeverCountsAsIdle() {
        CompilerActivity unmeasured = new CompilerActivity(() -> 0, nanos::get);
        CompilerActivity.Window window = unmeasured.window(Duration.ofMillis(500), 100);
        advance(10_000, 0);
        assertThat(window.idle(answered += 100, 0.0, Duration.ofMillis(20))).isFalse();
    }

    @Test
    void thisJvmsCompilerIsMeasured() {
        assertThat(CompilerActivity.ofThisJvm().millis()).isPositive();
    }
}
