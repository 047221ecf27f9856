package org.loanmodel.importing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.loanmodel.model.JsonDocumentErrors;

/**
 * Reads a model saved by XGBoost as JSON ({@code booster.save_model("model.json")}), in the layouts
 * of releases 1.7 to 3.x, and refuses with a message naming what it found whatever this service
 * cannot serve exactly: another objective, another booster, categorical splits, several classes or
 * targets, vector leaves.
 */
final class XgboostJsonReader {
    /**
     * Decimals are kept exact, then rounded once to float: through a double first, a decimal near a
     * float's rounding boundary could round twice and land on its neighbour.
     */
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private XgboostJsonReader() {}

    static XgboostModel read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("XGBoost model not found: " + file + " (set --xgboost)");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    file + " is not an XGBoost JSON model (save it with save_model(\"model.json\")): "
                            + JsonDocumentErrors.describe(e, "an XGBoost model"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read XGBoost model " + file + ": " + e.getMessage());
        }
        return read(root, file.toString());
    }

    static XgboostModel read(JsonNode root, String source) {
        JsonNode learner = root.path("learner");
        if (!learner.isObject()) {
            throw refuse(source, "has no 'learner' object; is it a model saved as JSON by XGBoost 1.7 or later?");
        }
        String version = version(root.path("version"));
        String objective = learner.at("/objective/name").asText("");
        if (!objective.equals("binary:logistic")) {
            throw refuse(source, "has objective '" + objective + "'; only binary:logistic is served");
        }
        JsonNode booster = learner.path("gradient_booster");
        String boosterName = booster.path("name").asText("");
        if (!boosterName.equals("gbtree")) {
            throw refuse(source, "uses booster '" + boosterName + "'; only gbtree is served");
        }
        JsonNode parameters = learner.path("learner_model_param");
        int classes = number(parameters.path("num_class"), 0);
        int targets = number(parameters.path("num_target"), 1);
        if (classes > 1 || targets > 1) {
            throw refuse(
                    source, "has " + Math.max(classes, targets) + " classes or targets; only binary models are served");
        }
        int features = number(parameters.path("num_feature"), -1);
        float baseScore = baseScore(parameters.path("base_score"), source);
        List<String> names = new ArrayList<>();
        learner.path("feature_names").forEach(name -> names.add(name.asText()));
        learner.path("feature_types").forEach(type -> {
            if (type.asText().equals("c")) {
                throw refuse(source, "declares categorical features; only numeric splits are served");
            }
        });
        List<XgboostTree> trees = new ArrayList<>();
        for (JsonNode tree : booster.at("/model/trees")) {
            trees.add(tree(tree, features, source, trees.size()));
        }
        if (trees.isEmpty()) {
            throw refuse(source, "has no trees");
        }
        if (!names.isEmpty() && names.size() != features) {
            throw refuse(source, "names " + names.size() + " features but its trees read " + features);
        }
        return new XgboostModel(version, List.copyOf(names), features, baseScore, List.copyOf(trees));
    }

    private static XgboostTree tree(JsonNode tree, int features, String source, int index) {
        String where = "tree " + index;
        int leafVector = number(tree.at("/tree_param/size_leaf_vector"), 1);
        if (leafVector > 1) {
            throw refuse(source, where + " has vector leaves (size " + leafVector + "); only scalar leaves are served");
        }
        for (JsonNode type : tree.path("split_type")) {
            if (type.asInt() != 0) {
                throw refuse(source, where + " has a categorical split; only numeric splits are served");
            }
        }
        if (tree.path("categories_nodes").size() > 0) {
            throw refuse(source, where + " has a categorical split; only numeric splits are served");
        }
        int[] left = ints(tree.path("left_children"));
        int[] right = ints(tree.path("right_children"));
        int[] feature = ints(tree.path("split_indices"));
        float[] condition = floats(tree.path("split_conditions"));
        float[] cover = floats(tree.path("sum_hessian"));
        boolean[] defaultLeft = booleans(tree.path("default_left"));
        int nodes = left.length;
        if (nodes == 0
                || right.length != nodes
                || feature.length != nodes
                || condition.length != nodes
                || cover.length != nodes
                || defaultLeft.length != nodes) {
            throw refuse(source, where + " has node arrays of different lengths");
        }
        for (int n = 0; n < nodes; n++) {
            boolean leaf = left[n] == -1;
            if (leaf != (right[n] == -1)) {
                throw refuse(source, where + " node " + n + " has one child");
            }
            if (!leaf) {
                // Children follow their parent in XGBoost's layout; that also rules out cycles.
                if (left[n] <= n || right[n] <= n || left[n] >= nodes || right[n] >= nodes) {
                    throw refuse(source, where + " node " + n + " has a child out of order");
                }
                if (feature[n] < 0 || (features >= 0 && feature[n] >= features)) {
                    throw refuse(source, where + " node " + n + " tests feature " + feature[n]);
                }
            }
        }
        return new XgboostTree(left, right, feature, condition, defaultLeft, cover);
    }

    /** {@code [3, 4, 0]} as {@code 3.4.0}. */
    private static String version(JsonNode version) {
        List<String> parts = new ArrayList<>();
        version.forEach(part -> parts.add(part.asText()));
        return parts.isEmpty() ? "unknown" : String.join(".", parts);
    }

    /** 1.x writes {@code "5E-1"}, 3.x {@code "[5E-1]"}. */
    private static float baseScore(JsonNode node, String source) {
        String text = node.asText("0.5").trim();
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1).trim();
        }
        if (text.contains(",")) {
            throw refuse(source, "has several base scores; only binary models are served");
        }
        try {
            float score = Float.parseFloat(text);
            if (!(score > 0 && score < 1)) {
                throw refuse(source, "has base_score " + text + "; binary:logistic needs one in (0, 1)");
            }
            return score;
        } catch (NumberFormatException e) {
            throw refuse(source, "has base_score '" + node.asText() + "', which is not a number");
        }
    }

    /** Parameters are strings in XGBoost's files ({@code "7"}); absent ones take {@code absent}. */
    private static int number(JsonNode node, int absent) {
        if (node.isMissingNode() || node.isNull()) {
            return absent;
        }
        return node.isNumber() ? node.asInt() : Integer.parseInt(node.asText().trim());
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).decimalValue().floatValue();
        }
        return values;
    }

    /** 1.x and 3.x write 0/1, some releases true/false. */
    private static boolean[] booleans(JsonNode array) {
        boolean[] values = new boolean[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = array.get(i);
            values[i] = value.isBoolean() ? value.asBoolean() : value.asInt() != 0;
        }
        return values;
    }

    private static IllegalArgumentException refuse(String source, String what) {
        return new IllegalArgumentException("XGBoost model " + source + " " + what);
    }
}
