package org.loanmodel.explain;

import java.util.Arrays;

/**
 * The cells of one tree: per feature, the tree's thresholds on it cut the values into pieces
 * {@code (cuts[p - 1], cuts[p]]}, and a cell is one piece of every feature, numbered with a stride
 * per feature.
 */
final class Grid {
    private final double[][] cuts;
    private final int[] strides;
    private final int size;

    private Grid(double[][] cuts, int[] strides, int size) {
        this.cuts = cuts;
        this.strides = strides;
        this.size = size;
    }

    /** The grid of a tree's thresholds, or {@code null} when {@code used} plus its cells exceed {@code maxCells}. */
    static Grid of(double[][] cuts, int used, long maxCells) {
        int[] strides = new int[cuts.length];
        long size = 1;
        for (int d = 0; d < cuts.length; d++) {
            strides[d] = (int) size;
            size *= cuts[d].length + 1;
            if (used + size > maxCells) {
                return null;
            }
        }
        return new Grid(cuts, strides, (int) size);
    }

    int size() {
        return size;
    }

    int features() {
        return cuts.length;
    }

    double[] cuts(int d) {
        return cuts[d];
    }

    int pieces(int d) {
        return cuts[d].length + 1;
    }

    int stride(int d) {
        return strides[d];
    }

    /**
     * The tree's piece of a value lying above {@code g} of the forest's thresholds on the feature:
     * how many of the tree's thresholds (all among the forest's) are at most the {@code g}-th.
     */
    int piece(int d, double[] forestCuts, int g) {
        if (g == 0) {
            return 0;
        }
        double below = forestCuts[g - 1];
        int piece = 0;
        while (piece < cuts[d].length && cuts[d][piece] <= below) {
            piece++;
        }
        return piece;
    }

    /** The piece of the values just above {@code low}, one of the tree's thresholds or minus infinity. */
    int pieceAbove(int d, double low) {
        return low == Double.NEGATIVE_INFINITY ? 0 : Arrays.binarySearch(cuts[d], low) + 1;
    }

    /** The piece of the values up to {@code high}, one of the tree's thresholds or infinity. */
    int pieceUpTo(int d, double high) {
        return high == Double.POSITIVE_INFINITY ? cuts[d].length : Arrays.binarySearch(cuts[d], high);
    }

    /**
     * Turns differences into running sums along every feature, for the cells from {@code base} on
     * ({@code width} values each): afterwards each cell holds the sum of the differences at or
     * below it on every feature.
     */
    void prefixSums(double[] values, int base, int width) {
        for (int d = 0; d < cuts.length; d++) {
            int stride = strides[d];
            int pieces = pieces(d);
            for (int outer = 0; outer < size; outer += stride * pieces) {
                for (int piece = 1; piece < pieces; piece++) {
                    for (int inner = 0; inner < stride; inner++) {
                        int cell = base + outer + piece * stride + inner;
                        for (int i = 0; i < width; i++) {
                            values[cell * width + i] += values[(cell - stride) * width + i];
                        }
                    }
                }
            }
        }
    }
}
