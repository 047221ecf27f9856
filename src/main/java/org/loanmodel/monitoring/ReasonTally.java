package org.loanmodel.monitoring;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The denial reasons of one batch, counted by model version and reason code before they reach
 * {@code model_adverse_action_reasons_total}: a batch names a handful of codes hundreds of times,
 * so each is looked up once. The codes of a model are few (one per feature), so a short list
 * scanned by reference first beats hashing a code string built for every reason.
 */
final class ReasonTally {
    private final List<String> versions = new ArrayList<>();
    private final List<String> codes = new ArrayList<>();
    private long[] counts = new long[8];

    void add(String version, String code) {
        for (int i = 0; i < codes.size(); i++) {
            if (same(versions.get(i), version) && same(codes.get(i), code)) {
                counts[i]++;
                return;
            }
        }
        if (codes.size() == counts.length) {
            counts = Arrays.copyOf(counts, counts.length * 2);
        }
        versions.add(version);
        codes.add(code);
        counts[codes.size() - 1] = 1;
    }

    private static boolean same(String known, String given) {
        return known == given || known.equals(given);
    }

    /** Adds every count to its series. */
    void report(Series series) {
        for (int i = 0; i < codes.size(); i++) {
            series.of(versions.get(i), codes.get(i)).inc(counts[i]);
        }
    }

    /**
     * The series of {@code model_adverse_action_reasons_total} (labels model_version, reason), each
     * looked up in the counter once and then found by a scan of the few known, as {@link
     * ReasonTally#add} finds its codes: the counter's own lookup hashes both labels on every
     * request. At most {@link #KNOWN} series are kept; any beyond are looked up each time.
     */
    static final class Series {
        static final int KNOWN = 256;

        private final Counter counter;
        /** Replaced whole when a series is added, so readers need no lock. */
        private volatile Known[] known = new Known[0];

        private record Known(String version, String code, CounterDataPoint point) {}

        Series(Counter counter) {
            this.counter = counter;
        }

        CounterDataPoint of(String version, String code) {
            for (Known k : known) {
                if (same(k.code, code) && same(k.version, version)) {
                    return k.point;
                }
            }
            return add(version, code);
        }

        private synchronized CounterDataPoint add(String version, String code) {
            CounterDataPoint point = counter.labelValues(version, code);
            Known[] now = known;
            if (now.length < KNOWN) {
                Known[] grown = Arrays.copyOf(now, now.length + 1);
                grown[now.length] = new Known(version, code, point);
                known = grown;
            }
            return point;
        }
    }
}
