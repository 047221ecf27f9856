package org.loanmodel.monitoring;

import org.loanmodel.model.ConfusionCell;

/**
 * Rolling window of the most recent labelled decisions (the original system's {@code
 * model_accuracy}): once full, each new label pushes out the oldest. Thread-safe.
 */
public final class QualityMonitor {
    private final ConfusionCell[] window;
    private final int[] counts = new int[ConfusionCell.values().length];
    private int next;
    private int size;

    /** @param capacity number of labels the window holds, at least 1 */
    public QualityMonitor(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("accuracy window must hold at least 1 label, got " + capacity);
        }
        this.window = new ConfusionCell[capacity];
    }

    /** Adds a label and returns the window including it. */
    public synchronized QualitySnapshot record(ConfusionCell cell) {
        if (size == window.length) {
            counts[window[next].ordinal()]--;
        } else {
            size++;
        }
        window[next] = cell;
        counts[cell.ordinal()]++;
        next = (next + 1) % window.length;
        return snapshot();
    }

    /** The current window. */
    public synchronized QualitySnapshot snapshot() {
        return new QualitySnapshot(
                counts[ConfusionCell.TRUE_POSITIVE.ordinal()],
                counts[ConfusionCell.FALSE_POSITIVE.ordinal()],
                counts[ConfusionCell.TRUE_NEGATIVE.ordinal()],
                counts[ConfusionCell.FALSE_NEGATIVE.ordinal()]);
    }

    public int capacity() {
        return window.length;
    }
}
