package org.loanmodel.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.loanmodel.client.LatencyHistogram;

/**
 * What a simulation sent and what came back: counts by outcome, failures by HTTP status (or {@code
 * no answer}), accuracy as the service judged the feedback, and client-side latency of {@code
 * /predict}. Thread-safe: answers arrive on the HTTP client's threads.
 */
public final class SimulationTally {
    /** The failure key of a request that got no HTTP answer at all. */
    static final String NO_ANSWER = "no answer";

    private final AtomicLong predictionsSent = new AtomicLong();
    private final AtomicLong predictionsOk = new AtomicLong();
    private final Map<String, LongAdder> predictionFailures = new ConcurrentSkipListMap<>();
    private final AtomicLong feedbackSent = new AtomicLong();
    private final AtomicLong feedbackOk = new AtomicLong();
    private final AtomicLong correct = new AtomicLong();
    private final Map<String, LongAdder> feedbackFailures = new ConcurrentSkipListMap<>();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final LatencyHistogram latency = new LatencyHistogram();
    private volatile long predictionNanos;

    void predictionSent() {
        predictionsSent.incrementAndGet();
    }

    void predictionAnswered(long nanos) {
        latency.record(nanos);
    }

    void predictionOk() {
        predictionsOk.incrementAndGet();
    }

    void predictionFailed(String key, String message) {
        predictionFailures.computeIfAbsent(key, k -> new LongAdder()).increment();
        firstFailure.compareAndSet(null, "/predict: " + message);
    }

    void feedbackSent() {
        feedbackSent.incrementAndGet();
    }

    void feedbackOk(boolean wasCorrect) {
        feedbackOk.incrementAndGet();
        if (wasCorrect) {
            correct.incrementAndGet();
        }
    }

    void feedbackFailed(String key, String message) {
        feedbackFailures.computeIfAbsent(key, k -> new LongAdder()).increment();
        firstFailure.compareAndSet(null, "/feedback: " + message);
    }

    /** Time from the first prediction sent to the last one answered. */
    void predictionsFinished(long nanos) {
        predictionNanos = nanos;
    }

    long predictionsSent() {
        return predictionsSent.get();
    }

    long predictionsOk() {
        return predictionsOk.get();
    }

    /** Requests that failed, predictions and feedback together. */
    public long failures() {
        return total(predictionFailures) + total(feedbackFailures);
    }

    /** The summary printed at the end of {@code simulate}. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                "predictions  %d sent, %d answered 200, %s",
                predictionsSent.get(), predictionsOk.get(), failed(predictionFailures)));
        lines.add(String.format(
                "feedback     %d sent, %d answered 200, %s",
                feedbackSent.get(), feedbackOk.get(), failed(feedbackFailures)));
        long labelled = feedbackOk.get();
        lines.add(
                labelled == 0
                        ? "accuracy     none observed (no feedback answered)"
                        : String.format(
                                Locale.ROOT,
                                "accuracy     %.4f observed (%d of %d labelled decisions correct)",
                                (double) correct.get() / labelled,
                                correct.get(),
                                labelled));
        double seconds = predictionNanos / 1e9;
        lines.add(String.format(
                Locale.ROOT,
                "throughput   %d predictions in %.2f s (%.1f/s)",
                predictionsSent.get(),
                seconds,
                seconds > 0 ? predictionsSent.get() / seconds : 0.0));
        lines.add(latencyLine());
        String first = firstFailure.get();
        if (first != null) {
            lines.add("first error  " + first);
        }
        return lines;
    }

    private String latencyLine() {
        if (latency.count() == 0) {
            return "latency      none measured (no answer to /predict)";
        }
        return String.format(
                Locale.ROOT,
                "latency      mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms (client side, /predict)",
                latency.meanMillis(),
                latency.quantileMillis(0.5),
                latency.quantileMillis(0.99),
                latency.maxMillis());
    }

    /** {@code 0 failed} or {@code 12 failed (503: 10, no answer: 2)}. */
    private static String failed(Map<String, LongAdder> failures) {
        long total = total(failures);
        if (total == 0) {
            return "0 failed";
        }
        return total + " failed ("
                + failures.entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue().sum())
                        .collect(Collectors.joining(", "))
                + ")";
    }

    private static long total(Map<String, LongAdder> failures) {
        return failures.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
