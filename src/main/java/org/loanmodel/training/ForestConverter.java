package org.loanmodel.training;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FlatForest;
import org.loanmodel.model.LoanApplication;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.protos.core.WeightedEnsembleModelProto;

/**
 * Turns a trained Tribuo random forest into a {@link FlatForest}.
 *
 * <p>Nodes are laid out in pre-order so children always follow their parent. Leaf scores keep the
 * order in which Tribuo's voting combiner adds them, which is what makes the flat forest's
 * probabilities bit-identical to the library's.
 *
 * <p>Every node also gets its cover: the number of training rows that reach it. Tribuo trains each
 * tree on a bootstrap sample of the training rows but does not record which, so the covers count
 * the full training set passed through every tree. Every row of a bootstrap sample is a training
 * row and takes the same path, so each node's cover is at least the number of sampled rows it was
 * grown from, never 0.
 */
final class ForestConverter {
    private final FeatureSchema schema;
    private final String approvalLabel;
    private final List<Integer> splitFeature = new ArrayList<>();
    private final List<Double> splitValue = new ArrayList<>();
    private final List<Integer> greater = new ArrayList<>();
    private final List<Integer> lessOrEqual = new ArrayList<>();
    private final List<Double> leafScores = new ArrayList<>();
    private List<String> labelOrder;

    private ForestConverter(FeatureSchema schema, String approvalLabel) {
        this.schema = schema;
        this.approvalLabel = approvalLabel;
    }

    /**
     * @param ensemble a forest of {@link TreeModel}s over the schema's feature names
     * @param approvalLabel the label of the approval class
     * @param trainingRows the rows the forest was trained on, which give the node covers
     */
    static FlatForest convert(
            EnsembleModel<Label> ensemble,
            FeatureSchema schema,
            String approvalLabel,
            List<LoanApplication> trainingRows) {
        return withCovers(new ForestConverter(schema, approvalLabel).run(ensemble), trainingRows);
    }

    /** The forest with each node's cover: how many of the rows pass through it, tree by tree. */
    static FlatForest withCovers(FlatForest forest, List<LoanApplication> rows) {
        int[] roots = forest.roots();
        int[] splitFeature = forest.splitFeature();
        double[] splitValue = forest.splitValue();
        int[] greater = forest.greater();
        int[] lessOrEqual = forest.lessOrEqual();
        double[] splitCover = new double[splitFeature.length];
        double[] leafCover = new double[forest.leaves()];
        for (LoanApplication row : rows) {
            for (int root : roots) {
                int node = root;
                while (node >= 0) {
                    splitCover[node]++;
                    // The same rule as FlatForest.probability, so a row is counted where it is scored.
                    node = row.value(splitFeature[node]) > splitValue[node] ? greater[node] : lessOrEqual[node];
                }
                leafCover[~node]++;
            }
        }
        return forest.withCovers(splitCover, leafCover);
    }

    private FlatForest run(EnsembleModel<Label> ensemble) {
        List<TreeModel<Label>> trees = trees(ensemble);
        labelOrder = trees.stream()
                .map(tree -> firstTwoClassLeaf(tree.getRoot()))
                .filter(order -> order != null)
                .findFirst()
                .orElseGet(() -> ensemble.getOutputIDInfo().getDomain().stream()
                        .map(Label::getLabel)
                        .sorted()
                        .toList());
        if (labelOrder.size() != 2 || !labelOrder.contains(approvalLabel)) {
            throw new IllegalArgumentException(
                    "expected two classes including '" + approvalLabel + "', got " + labelOrder);
        }
        float[] weights = memberWeights(ensemble);
        int[] roots = new int[trees.size()];
        for (int t = 0; t < trees.size(); t++) {
            roots[t] = add(trees.get(t).getRoot(), trees.get(t), weights[t]);
        }
        return new FlatForest(
                schema.size(),
                roots,
                splitFeature.stream().mapToInt(Integer::intValue).toArray(),
                splitValue.stream().mapToDouble(Double::doubleValue).toArray(),
                greater.stream().mapToInt(Integer::intValue).toArray(),
                lessOrEqual.stream().mapToInt(Integer::intValue).toArray(),
                leafScores.stream().mapToDouble(Double::doubleValue).toArray(),
                labelOrder.indexOf(approvalLabel));
    }

    private static List<TreeModel<Label>> trees(EnsembleModel<Label> ensemble) {
        List<TreeModel<Label>> trees = new ArrayList<>();
        for (Model<Label> member : ensemble.getModels()) {
            if (!(member instanceof TreeModel<Label> tree)) {
                throw new IllegalArgumentException(
                        "forest member is not a tree: " + member.getClass().getName());
            }
            trees.add(tree);
        }
        return trees;
    }

    /**
     * The voting weight of each tree. Tribuo keeps them private but writes them to its protobuf
     * form; a bagged forest weighs every tree {@code 1f / trees}.
     */
    private static float[] memberWeights(EnsembleModel<Label> ensemble) {
        if (!(ensemble instanceof WeightedEnsembleModel)) {
            throw new IllegalArgumentException(
                    "unsupported ensemble " + ensemble.getClass().getName());
        }
        try {
            List<Float> list = WeightedEnsembleModelProto.parseFrom(
                            ensemble.serialize().getSerializedData().getValue())
                    .getWeightsList();
            float[] weights = new float[list.size()];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = list.get(i);
            }
            return weights;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot read the forest's tree weights", e);
        }
    }

    /** The class order of the first leaf (pre-order) that scores both classes, or null. */
    private static List<String> firstTwoClassLeaf(Node<Label> node) {
        if (node instanceof LeafNode<Label> leaf) {
            return leaf.getDistribution().size() == 2
                    ? List.copyOf(leaf.getDistribution().keySet())
                    : null;
        }
        SplitNode<Label> split = (SplitNode<Label>) node;
        List<String> order = firstTwoClassLeaf(split.getGreaterThan());
        return order != null ? order : firstTwoClassLeaf(split.getLessThanOrEqual());
    }

    /** Appends a subtree in pre-order and returns its encoded reference. */
    private int add(Node<Label> node, TreeModel<Label> tree, float weight) {
        if (node instanceof LeafNode<Label> leaf) {
            return ~addLeaf(leaf.getDistribution(), weight);
        }
        if (!(node instanceof SplitNode<Label> split)) {
            throw new IllegalArgumentException(
                    "unknown tree node " + node.getClass().getName());
        }
        String name = tree.getFeatureIDMap().get(split.getFeatureID()).getName();
        int feature = schema.indexOf(name);
        if (feature < 0) {
            throw new IllegalArgumentException("tree splits on '" + name + "', which is not in the schema");
        }
        int index = splitFeature.size();
        splitFeature.add(feature);
        splitValue.add(split.splitValue());
        greater.add(0);
        lessOrEqual.add(0);
        greater.set(index, add(split.getGreaterThan(), tree, weight));
        lessOrEqual.set(index, add(split.getLessThanOrEqual(), tree, weight));
        return index;
    }

    /** Stores a leaf's scores already multiplied by its tree's weight, as the combiner does. */
    private int addLeaf(Map<String, Label> distribution, float weight) {
        List<String> order = new ArrayList<>(distribution.keySet());
        if (order.size() > 2) {
            throw new IllegalArgumentException("leaf has more than two classes: " + order);
        }
        // Only two-class leaves need the common order: a missing class adds 0.0, in any order.
        if (order.size() == 2 && !order.equals(labelOrder)) {
            throw new IllegalArgumentException(
                    "leaves order their classes differently: " + order + " vs " + labelOrder);
        }
        int leaf = leafScores.size() / 2;
        for (String label : labelOrder) {
            Label score = distribution.get(label);
            // A class absent from a leaf contributes 0.0, which leaves both sums bit-identical.
            leafScores.add(score == null ? 0.0 : weight * score.getScore());
        }
        return leaf;
    }
}
