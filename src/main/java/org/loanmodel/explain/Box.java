package org.loanmodel.explain;

/**
 * The cells of one leaf: per feature the range of the tree's pieces its path allows, every piece
 * for a feature the path does not test.
 */
final class Box {
    private final Grid grid;
    private final int[] from;
    private final int[] to;

    private Box(Grid grid, int[] from, int[] to) {
        this.grid = grid;
        this.from = from;
        this.to = to;
    }

    static Box of(Path path, Grid grid) {
        int[] from = new int[grid.features()];
        int[] to = new int[grid.features()];
        for (int d = 0; d < grid.features(); d++) {
            from[d] = grid.pieceAbove(d, path.lowerOf(d));
            to[d] = grid.pieceUpTo(d, path.upperOf(d));
        }
        return new Box(grid, from, to);
    }

    /** Marks every cell of the box, numbered from {@code base}, as reaching {@code leaf}. */
    void fill(int[] cellLeaf, int base, int leaf) {
        int features = grid.features();
        int[] piece = from.clone();
        for (int d = 0; d < features; d++) {
            if (from[d] > to[d]) {
                return; // no value passes the path's tests on d: no row reaches the leaf
            }
        }
        while (true) {
            int cell = base;
            for (int d = 0; d < features; d++) {
                cell += grid.stride(d) * piece[d];
            }
            cellLeaf[cell] = leaf;
            int d = 0;
            while (d < features && piece[d] == to[d]) {
                piece[d] = from[d];
                d++;
            }
            if (d == features) {
                return;
            }
            piece[d]++;
        }
    }

    /**
     * Adds the leaf's interaction terms to the difference grid from {@code base}, {@code width}
     * values per cell: term {@code T}
     * is constant on the cells whose pieces of the path's features in {@code T} lie in the box,
     * whatever the other features, so it goes to the box's corners on those features, with
     * alternating signs; corners beyond the grid are left out, the running sums never reach them.
     */
    void addTerms(Path path, double[] values, int base, int width) {
        int m = path.size();
        double[] terms = path.terms();
        for (int term = 0; term < 1 << m; term++) {
            if (passable(path, term)) {
                for (int upper = term; ; upper = (upper - 1) & term) {
                    addCorner(path, terms, term, upper, values, base, width);
                    if (upper == 0) {
                        break;
                    }
                }
            }
        }
    }

    /** False when no value passes the path's tests on some feature of the term: it is always 0. */
    private boolean passable(Path path, int term) {
        for (int j = 0; j < path.size(); j++) {
            int d = path.feature(j);
            if ((term & 1 << j) != 0 && from[d] > to[d]) {
                return false;
            }
        }
        return true;
    }

    /** The corner one past the box's upper end on the features in {@code upper}, its lower end on the rest. */
    private void addCorner(Path path, double[] terms, int term, int upper, double[] values, int base, int width) {
        int m = path.size();
        int cell = base;
        double sign = 1;
        for (int j = 0; j < m; j++) {
            if ((term & 1 << j) == 0) {
                continue;
            }
            int d = path.feature(j);
            int piece = (upper & 1 << j) != 0 ? to[d] + 1 : from[d];
            if (piece >= grid.pieces(d)) {
                return;
            }
            sign = (upper & 1 << j) != 0 ? -sign : sign;
            cell += grid.stride(d) * piece;
        }
        for (int j = 0; j < m; j++) {
            values[cell * width + path.feature(j)] += sign * terms[term * m + j];
        }
    }
}
