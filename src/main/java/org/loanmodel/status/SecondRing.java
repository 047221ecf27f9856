package org.loanmodel.status;

import java.util.Arrays;

/**
 * Per-second amounts of several series over a fixed number of seconds, in preallocated arrays:
 * second {@code s} lives in slot {@code s mod capacity}, stamped with {@code s}, so a slot left from
 * an older lap reads as "no sample" rather than as stale data. Not thread-safe; {@link
 * TrafficSampler} guards it.
 */
final class SecondRing {
    private final int capacity;
    private final long[] stamps;
    private final double[][] values;

    SecondRing(int series, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ring must hold at least 1 second, got " + capacity);
        }
        this.capacity = capacity;
        this.stamps = new long[capacity];
        Arrays.fill(stamps, Long.MIN_VALUE);
        this.values = new double[series][capacity];
    }

    int capacity() {
        return capacity;
    }

    int series() {
        return values.length;
    }

    /** Adds {@code amounts} (one per series) to second {@code second}, replacing an older lap's slot. */
    void add(long second, double[] amounts) {
        int slot = (int) Math.floorMod(second, (long) capacity);
        if (stamps[slot] != second) {
            stamps[slot] = second;
            for (double[] series : values) {
                series[slot] = 0;
            }
        }
        for (int i = 0; i < values.length; i++) {
            values[i][slot] += amounts[i];
        }
    }

    /**
     * The {@code capacity} seconds ending with {@code lastSecond}, oldest first: {@code
     * [series][second]}, NaN for a second without a sample.
     */
    double[][] window(long lastSecond) {
        double[][] window = new double[values.length][capacity];
        long first = lastSecond - capacity + 1;
        for (int i = 0; i < capacity; i++) {
            long second = first + i;
            int slot = (int) Math.floorMod(second, (long) capacity);
            boolean sampled = stamps[slot] == second;
            for (int s = 0; s < values.length; s++) {
                window[s][i] = sampled ? values[s][slot] : Double.NaN;
            }
        }
        return window;
    }
}
