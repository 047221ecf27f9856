package org.loanmodel.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Precomputed TreeSHAP contributions, so that explaining a row costs, per tree, a few array reads
 * and one vector addition instead of a walk over every node.
 *
 * <p>In the path-dependent value function a tree's contributions depend on the row through every
 * test it passes, not only through the leaf it reaches: a leaf elsewhere in the tree still weighs
 * in when a feature is unknown. But they depend on each feature's value only through the interval
 * between consecutive thresholds the tree tests it against. A tree's thresholds cut the feature
 * space into a grid of <em>cells</em>; every row in a cell reaches the same leaf and has the same
 * contributions, and the table holds both per cell. A row is placed once per explanation: per
 * feature, the number of the forest's thresholds on it that its value lies above (a binary search;
 * an absent value lies above none, which is exactly the branch the forest gives it at every test).
 * Per tree, that number maps to the tree's own piece of the feature, and the pieces give the cell:
 * one pass of integer additions over all trees per feature.
 *
 * <p>To fill the grid, each leaf's Shapley values are written as a sum of interaction terms ({@link
 * LeafGame}), each a constant on a box of cells (the rows passing the path's tests on a set of
 * features); each box is added to a difference grid at its corners, and one prefix sum per feature
 * turns the differences into every cell's total. That costs {@code 3^m} updates per leaf with
 * {@code m} features on its path plus a few passes over the grid. A tree's grid has the product of
 * (thresholds + 1) over the features, so a tree is tabulated only while the table stays within its
 * budget; the others are explained by {@link TreeShap} at request time.
 */
final class CellTable {
    /** Contributions are summed four features at a time, in registers. */
    static final int BLOCK = 4;

    final int features;
    /** Doubles per cell: the features rounded up to a multiple of {@link #BLOCK}, the rest 0. */
    final int width;

    /** Per feature, the forest's distinct thresholds on it, ascending. */
    final double[][] thresholds;
    /** The first cell of each tree, or -1 when the tree is not tabulated. */
    final int[] treeCell;
    /**
     * Per feature {@code d} and piece {@code g}, entry {@code t}: how many cells further tree {@code
     * t}'s cell lies for a value above {@code g} of the forest's thresholds on {@code d}. Laid out so
     * that one feature's value moves every tree's cell with one pass over one array, indexed as the
     * cells are: C2 turns that pass into vector additions, which it did not for a pass over a range
     * at an offset of one long array per feature (the row's offsets took 240 ns instead of 64 in
     * a standalone measurement of the shipped model's shape). Empty when no tree is tabulated.
     */
    final int[][][] columns;
    /** The leaf every row in a cell reaches. */
    final int[] cellLeaf;
    /** {@code width} contributions per cell. */
    final double[] values;

    final int tabulatedTrees;

    private CellTable(Builder built) {
        features = built.trees.features;
        width = built.width;
        thresholds = built.forestThresholds;
        treeCell = built.treeCell;
        columns = built.columns;
        cellLeaf = Arrays.copyOf(built.cellLeaf, built.cells);
        values = Arrays.copyOf(built.values, built.cells * width);
        tabulatedTrees = built.tabulatedTrees;
    }

    /** Tabulates trees in tree order while the table holds at most {@code maxCells} cells. */
    static CellTable build(Trees trees, long maxCells) {
        Builder builder = new Builder(trees, Math.min(maxCells, Integer.MAX_VALUE / (width(trees.features) + 1)));
        for (int t = 0; t < trees.trees(); t++) {
            builder.tree(t);
        }
        return new CellTable(builder);
    }

    static int width(int features) {
        return (features + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** Memory of one cell: its contribution vector and its leaf. */
    static long bytesPerCell(int features) {
        return 8L * width(features) + 4;
    }

    /** How many of the forest's thresholds on feature {@code d} the value lies above. */
    int piece(int d, double value) {
        return above(thresholds[d], value);
    }

    /**
     * How many of the ascending {@code cuts} the value lies above; none for NaN (an absent value).
     * A binary search without a branch on the comparison: the answer lies in {@code [base, base +
     * n]}, and each step keeps the upper or the lower part by a conditional move. With a branch,
     * which goes either way from row to row, the searches of a row's features cost the batch
     * benchmark a tenth more per row (JMH {@code InferBatchBenchmark.validateDecideMonitor}: 1,203
     * against 1,085-1,098 ns).
     */
    static int above(double[] cuts, double value) {
        int n = cuts.length;
        if (n == 0) {
            return 0;
        }
        int base = 0;
        while (n > 1) {
            int half = n >>> 1;
            base = value > cuts[base + half - 1] ? base + half : base;
            n -= half;
        }
        return value > cuts[base] ? base + 1 : base;
    }

    int cells() {
        return cellLeaf.length;
    }

    /** Bytes of the arrays read when explaining. */
    long bytes() {
        long bytes = 8L * values.length + 4L * (cellLeaf.length + treeCell.length);
        for (int d = 0; d < columns.length; d++) {
            bytes += 8L * thresholds[d].length;
            for (int[] piece : columns[d]) {
                bytes += 4L * piece.length;
            }
        }
        return bytes;
    }

    /** The distinct thresholds of split nodes {@code from} to {@code to - 1}, per feature, ascending. */
    static double[][] thresholds(Trees trees, int from, int to) {
        List<TreeSet<Double>> sets = new ArrayList<>();
        for (int d = 0; d < trees.features; d++) {
            sets.add(new TreeSet<>());
        }
        for (int n = from; n < to; n++) {
            sets.get(trees.feature[n]).add(trees.threshold[n]);
        }
        return sets.stream()
                .map(set -> set.stream().mapToDouble(Double::doubleValue).toArray())
                .toArray(double[][]::new);
    }

    /** Builds the table tree by tree. */
    private static final class Builder {
        final Trees trees;
        final long maxCells;
        final int width;
        final double[][] forestThresholds;
        final int[] treeCell;
        int[][][] columns = new int[0][][];
        int[] cellLeaf = new int[0];
        double[] values = new double[0];
        int cells;
        int tabulatedTrees;

        Builder(Trees trees, long maxCells) {
            this.trees = trees;
            this.maxCells = maxCells;
            width = width(trees.features);
            forestThresholds = thresholds(trees, 0, trees.feature.length);
            treeCell = new int[trees.trees()];
        }

        void tree(int t) {
            treeCell[t] = -1;
            Grid grid = Grid.of(thresholds(trees, trees.firstSplit[t], trees.firstSplit[t + 1]), cells, maxCells);
            if (grid == null) {
                return;
            }
            int size = grid.size();
            if ((cells + size) * width > values.length) {
                int capacity = (int) Math.min(Math.max(2L * cells, cells + size), maxCells);
                values = Arrays.copyOf(values, capacity * width);
                cellLeaf = Arrays.copyOf(cellLeaf, capacity);
            }
            treeCell[t] = cells;
            if (columns.length == 0) {
                columns = new int[trees.features][][];
                for (int d = 0; d < trees.features; d++) {
                    columns[d] = new int[forestThresholds[d].length + 1][trees.trees()];
                }
            }
            for (int d = 0; d < trees.features; d++) {
                for (int g = 0; g <= forestThresholds[d].length; g++) {
                    columns[d][g][t] = grid.stride(d) * grid.piece(d, forestThresholds[d], g);
                }
            }
            List<Path> paths = Path.ofTree(trees, t);
            for (int i = 0; i < paths.size(); i++) {
                Box box = Box.of(paths.get(i), grid);
                box.fill(cellLeaf, cells, trees.firstLeaf[t] + i);
                box.addTerms(paths.get(i), values, cells, width);
            }
            grid.prefixSums(values, cells, width);
            cells += size;
            tabulatedTrees++;
        }
    }
}
