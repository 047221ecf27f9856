package org.loanmodel.monitoring;

import io.prometheus.metrics.core.metrics.Counter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The denial reasons of one batch, counted by model version and reason code before they reach
 * {@code model_adverse_action_reasons_total}: a batch names a handful of codes hundreds of times,
 * so each is looked up in the counter once. The codes of a model are few (one per feature), so a
 * short list scanned by reference first beats hashing a code string built for every reason.
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

    /** Adds every count to its series of {@code reasons} (labels model_version, reason). */
    void report(Counter reasons) {
        for (int i = 0; i < codes.size(); i++) {
            reasons.labelValues(versions.get(i), codes.get(i)).inc(counts[i]);
        }
    }
}
