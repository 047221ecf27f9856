package org.loanmodel.explain;

import org.loanmodel.model.Attribution;
import org.loanmodel.model.FlatForest;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;

/**
 * Explains a model's decisions exactly: each feature's Shapley value of the raw output (the
 * approval probability of a random forest, the log-odds margin of boosted trees) under TreeSHAP's
 * path-dependent value function over the node covers, and the base value, the expected output under
 * the covers. {@code baseValue + sum(contributions)} equals the raw output within 1e-9 (see {@link
 * Trees} for why not to the last bit); the output it reports is a forest's probability to the last
 * bit, or boosted trees' margin summed in double ({@link
 * org.loanmodel.model.FlatForest#rawOutput}).
 *
 * <p>Building precomputes each tree's contributions and leaf per cell ({@link CellTable}) within a
 * memory budget; trees beyond it are explained by {@link TreeShap} at request time, exactly but
 * more slowly. An explainer is immutable and may be shared by threads.
 *
 * <p>Example: {@code ForestExplainer.of(model).explain(application).contribution(4)}.
 */
public final class ForestExplainer {
    /** Default budget of the precomputed cells: 16 MiB. */
    public static final long DEFAULT_TABLE_BYTES = 16L << 20;

    private final int features;
    private final FlatForest forest;
    private final Trees trees;
    private final CellTable table;
    private final TreeShap treeShap;
    private final double baseValue;
    private final Explanation.Scale scale;

    private ForestExplainer(FlatForest forest, Trees trees, long maxTableBytes) {
        this.forest = forest;
        this.features = trees.features;
        this.trees = trees;
        this.table = CellTable.build(trees, maxTableBytes / CellTable.bytesPerCell(features));
        this.treeShap = new TreeShap(trees);
        double base = trees.baseMargin;
        for (double expected : trees.expected) {
            base += expected;
        }
        this.baseValue = base;
        this.scale =
                trees.output == FlatForest.Output.LOGISTIC ? Explanation.Scale.LOG_ODDS : Explanation.Scale.PROBABILITY;
    }

    /** An explainer with the default table budget. */
    public static ForestExplainer of(LoanModel model) {
        return of(model, DEFAULT_TABLE_BYTES);
    }

    /**
     * An explainer whose precomputed cells (a contribution vector and a leaf each) take at most
     * {@code maxTableBytes}; 0 precomputes nothing and explains every tree with {@link TreeShap}.
     * A cell takes 8 bytes per feature (rounded up to a multiple of 4) plus 4. The maps from values
     * to cells come on top: 4 bytes per tree, feature and threshold of the forest on the feature
     * (and an array header per feature and threshold).
     *
     * @throws IllegalArgumentException with {@link LoanModel#cannotExplainReason()} when the model
     *     cannot explain
     */
    public static ForestExplainer of(LoanModel model, long maxTableBytes) {
        if (!model.canExplain()) {
            throw new IllegalArgumentException(model.cannotExplainReason().orElseThrow());
        }
        if (maxTableBytes < 0) {
            throw new IllegalArgumentException("table budget must be >= 0 bytes, got " + maxTableBytes);
        }
        return new ForestExplainer(model.forest(), Trees.of(model.forest()), maxTableBytes);
    }

    /** The explanation of one application. */
    public Explanation explain(LoanApplication application) {
        double[] contributions = new double[features];
        double output = explain(application, contributions);
        return Explanation.owning(baseValue, contributions, output, scale);
    }

    /**
     * Writes the contributions of one application into {@code contributions} (schema order,
     * overwritten) and returns the raw output. When every tree is precomputed it allocates only
     * scratch for the row's cell in each tree.
     */
    public double explain(LoanApplication application, double[] contributions) {
        return contribute(application, contributions, true);
    }

    /**
     * The attribution of a decision already taken: the contributions without the raw output,
     * which the decision has. Reading only the contributions leaves out, per tree, the cell's leaf
     * and the leaf's score: half the table's memory reads, the half most likely to miss the cache.
     */
    public Attribution attribution(LoanApplication application) {
        double[] contributions = new double[features];
        contribute(application, contributions, false);
        return new Attribution(scale.wireName(), baseValue, contributions);
    }

    /**
     * A place for one row at a time in every tree's table, reused from row to row: what both the
     * row's decision and its explanation read, so that explaining a denial does not place the row
     * a second time, and deciding reads one cell's leaf per tree instead of walking the tree. Not
     * safe for concurrent use; take one per request.
     *
     * <p>Example: {@code Placement p = explainer.placement(); if (model.approval(p.of(row).probability()) == 0) p.attribution();}
     */
    public final class Placement {
        private final int[] cells = new int[trees.trees()];
        private LoanApplication row;
        /** Whether the row is walked tree by tree instead (an absent value the table cannot place). */
        private boolean walked;

        private Placement() {}

        /** Places {@code application}, forgetting the row before; returns this. */
        public Placement of(LoanApplication application) {
            checkSize(application);
            row = application;
            walked = trees.anyMissingGreater && hasAbsentValue(application);
            if (!walked) {
                cells(application, cells);
            }
            return this;
        }

        /**
         * The forest's approval probability of the row, to the bit: {@link FlatForest#probability}
         * of the leaves the table names, summed in the forest's order and arithmetic.
         */
        public double probability() {
            if (walked) {
                return forest.probability(row);
            }
            return trees.output == FlatForest.Output.LOGISTIC ? logistic() : voteShare();
        }

        private double voteShare() {
            double[] leafScores = trees.leafScores;
            int slot = trees.approvalSlot;
            double approval = 0;
            double total = 0;
            for (int t = 0; t < cells.length; t++) {
                int leaf = leaf(t) << 1;
                double first = leafScores[leaf];
                double second = leafScores[leaf + 1];
                total += first;
                total += second;
                approval += slot == 0 ? first : second;
            }
            return approval / total;
        }

        private double logistic() {
            float margin = (float) trees.baseMargin;
            for (int t = 0; t < cells.length; t++) {
                margin += (float) trees.leafScores[leaf(t)];
            }
            return FlatForest.sigmoid(margin);
        }

        private int leaf(int tree) {
            int cell = cells[tree];
            return cell >= 0 ? table.cellLeaf[cell] : trees.leaf(tree, row);
        }

        /** The attribution of the row: {@link ForestExplainer#attribution} without placing it again. */
        public Attribution attribution() {
            double[] contributions = new double[features];
            if (walked) {
                walkEveryTree(row, contributions);
            } else {
                sum(row, cells, contributions, false);
            }
            return new Attribution(scale.wireName(), baseValue, contributions);
        }
    }

    /** A placement for rows of this explainer's model. */
    public Placement placement() {
        return new Placement();
    }

    private void checkSize(LoanApplication application) {
        if (application.size() != features) {
            throw new IllegalArgumentException(
                    "the model reads " + features + " features, got an application of " + application.size());
        }
    }

    /** Writes the contributions; returns the raw output when {@code withOutput}, else NaN. */
    private double contribute(LoanApplication application, double[] contributions, boolean withOutput) {
        if (application.size() != features || contributions.length != features) {
            throw new IllegalArgumentException("the model reads " + features + " features, got an application of "
                    + application.size() + " and room for " + contributions.length + " contributions");
        }
        if (trees.anyMissingGreater && hasAbsentValue(application)) {
            return walkEveryTree(application, contributions);
        }
        return sum(application, cells(application, table.treeCell.clone()), contributions, withOutput);
    }

    /**
     * Sums the contributions of the row's {@code cells} (and of the trees outside the table, walked);
     * returns the raw output when {@code withOutput}, else NaN.
     */
    private double sum(LoanApplication application, int[] cells, double[] contributions, boolean withOutput) {
        double output = Double.NaN;
        int block = 0;
        if (withOutput) {
            output = outputAndFirstBlock(application, cells, contributions);
            block = CellTable.BLOCK;
        } else {
            for (; block + 2 * CellTable.BLOCK <= table.width; block += 2 * CellTable.BLOCK) {
                addTwoBlocks(cells, block, contributions);
            }
        }
        for (; block < features; block += CellTable.BLOCK) {
            addBlock(cells, block, contributions);
        }
        TreeShap.Walk walk = null;
        for (int t = 0; t < cells.length; t++) {
            if (cells[t] < 0) {
                walk = walk != null ? walk : treeShap.walk(application, contributions);
                walk.add(t);
            }
        }
        return output;
    }

    private static boolean hasAbsentValue(LoanApplication application) {
        for (int d = 0; d < application.size(); d++) {
            if (!application.present(d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Explains a row without the table. The table places an absent value below every threshold,
     * which is its branch only where every split sends absent values to {@code lessOrEqual}; boosted
     * trees choose per split, so their rows with absent values are walked.
     */
    private double walkEveryTree(LoanApplication application, double[] contributions) {
        java.util.Arrays.fill(contributions, 0);
        TreeShap.Walk walk = treeShap.walk(application, contributions);
        for (int t = 0; t < trees.trees(); t++) {
            walk.add(t);
        }
        return forest.rawOutput(application);
    }

    /**
     * Writes the row's cell in every tree into {@code cells}, a negative number for a tree that is
     * not tabulated; returns {@code cells}.
     */
    private int[] cells(LoanApplication application, int[] cells) {
        System.arraycopy(table.treeCell, 0, cells, 0, cells.length);
        int trees = cells.length;
        for (int d = 0; d < table.columns.length; d++) {
            int[] offsets = table.columns[d][table.piece(d, application.value(d))];
            for (int t = 0; t < trees; t++) {
                cells[t] += offsets[t];
            }
        }
        return cells;
    }

    /**
     * Sums the first features' contributions and the leaves' scores into the raw output, in one
     * pass so that the chains of additions run side by side; the leaves are summed as the forest
     * sums them, so a forest's output is its probability to the bit.
     */
    private double outputAndFirstBlock(LoanApplication application, int[] cells, double[] contributions) {
        double[] values = table.values;
        int width = table.width;
        int[] cellLeaf = table.cellLeaf;
        double[] leafScores = trees.leafScores;
        boolean boosted = trees.output == FlatForest.Output.LOGISTIC;
        double approval = 0;
        double total = 0;
        double margin = trees.baseMargin;
        double c0 = 0;
        double c1 = 0;
        double c2 = 0;
        double c3 = 0;
        for (int t = 0; t < cells.length; t++) {
            int cell = cells[t];
            int leaf;
            if (cell >= 0) {
                leaf = cellLeaf[cell];
                int at = cell * width;
                c0 += values[at];
                c1 += values[at + 1];
                c2 += values[at + 2];
                c3 += values[at + 3];
            } else {
                leaf = trees.leaf(t, application);
            }
            if (boosted) {
                margin += leafScores[leaf];
            } else {
                double first = leafScores[2 * leaf];
                double second = leafScores[2 * leaf + 1];
                total += first;
                total += second;
                approval += trees.approvalSlot == 0 ? first : second;
            }
        }
        store(contributions, 0, c0, c1, c2, c3);
        return boosted ? margin : approval / total;
    }

    /**
     * Sums the precomputed contributions of four features over the trees, in tree order, in local
     * variables: summing into the array instead made every addition wait for the previous store
     * (a third slower).
     */
    private void addBlock(int[] cells, int block, double[] contributions) {
        double[] values = table.values;
        int width = table.width;
        double c0 = 0;
        double c1 = 0;
        double c2 = 0;
        double c3 = 0;
        for (int cell : cells) {
            if (cell >= 0) {
                int at = cell * width + block;
                c0 += values[at];
                c1 += values[at + 1];
                c2 += values[at + 2];
                c3 += values[at + 3];
            }
        }
        store(contributions, block, c0, c1, c2, c3);
    }

    /**
     * {@link #addBlock} for eight features at once: each tree's cell is read in one pass (a cell of
     * seven or eight features is one 64-byte line or two), with eight sums in registers.
     */
    private void addTwoBlocks(int[] cells, int block, double[] contributions) {
        double[] values = table.values;
        int width = table.width;
        double c0 = 0;
        double c1 = 0;
        double c2 = 0;
        double c3 = 0;
        double c4 = 0;
        double c5 = 0;
        double c6 = 0;
        double c7 = 0;
        for (int cell : cells) {
            if (cell >= 0) {
                int at = cell * width + block;
                c0 += values[at];
                c1 += values[at + 1];
                c2 += values[at + 2];
                c3 += values[at + 3];
                c4 += values[at + 4];
                c5 += values[at + 5];
                c6 += values[at + 6];
                c7 += values[at + 7];
            }
        }
        store(contributions, block, c0, c1, c2, c3);
        if (block + CellTable.BLOCK < features) {
            store(contributions, block + CellTable.BLOCK, c4, c5, c6, c7);
        }
    }

    /** Writes a block's sums, leaving out those beyond the last feature. */
    private void store(double[] contributions, int block, double c0, double c1, double c2, double c3) {
        contributions[block] = c0;
        if (block + 1 < features) {
            contributions[block + 1] = c1;
        }
        if (block + 2 < features) {
            contributions[block + 2] = c2;
        }
        if (block + 3 < features) {
            contributions[block + 3] = c3;
        }
    }

    /** The expected raw output under the covers: what the contributions start from. */
    public double baseValue() {
        return baseValue;
    }

    /**
     * Whether higher values of the feature raise the raw output, over the training data as the
     * covers describe it: the sign of the sum, over every split on the feature, of the split's
     * cover times (expected output on its greater side minus on its other side).
     */
    public boolean higherValuesRaise(int feature) {
        return trees.slope[feature] >= 0;
    }

    /** Number of trees whose contributions are precomputed. */
    public int precomputedTrees() {
        return table.tabulatedTrees;
    }

    /** Number of trees. */
    public int trees() {
        return trees.trees();
    }

    /** Number of precomputed contribution vectors. */
    public int cells() {
        return table.cells();
    }

    /** Memory of the precomputed contributions and the arrays that find them, in bytes. */
    public long tableBytes() {
        return table.bytes();
    }
}
