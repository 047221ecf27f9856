package org.loanmodel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random structural edits of a JSON document, for seeded fuzzing of the endpoints that read one:
 * a field or element replaced by a value of another kind, removed, or joined by an extra one.
 * Unlike byte edits, these leave the document valid JSON, so they reach the checks behind the
 * parser.
 */
public final class JsonEdits {
    /**
     * Words of a library's or the JVM's message that an answer to an edited document must not
     * contain: the service says what is wrong in its own words.
     */
    public static final List<String> LIBRARY_WORDS =
            List.of("Exception", "jackson", "Cannot construct", "Cannot deserialize", "java.");

    private JsonEdits() {}

    /** {@link #LIBRARY_WORDS} and {@code more}. */
    public static List<String> libraryWordsAnd(String... more) {
        List<String> words = new ArrayList<>(LIBRARY_WORDS);
        words.addAll(List.of(more));
        return words;
    }

    /**
     * Applies one to {@code most} edits to a copy of {@code document}.
     *
     * @param said receives one line per edit, for the failure report
     */
    public static JsonNode edited(JsonNode document, SplittableRandom random, int most, List<String> said) {
        JsonNode edited = document.deepCopy();
        for (int e = 0, count = 1 + random.nextInt(most); e < count; e++) {
            edited = edit(edited, random, said);
        }
        return edited;
    }

    /** One edit somewhere in the document; returns the document (another one if the root was replaced). */
    private static JsonNode edit(JsonNode document, SplittableRandom random, List<String> said) {
        List<String> paths = new ArrayList<>();
        List<JsonNode> parents = new ArrayList<>();
        collect(document, "", paths, parents);
        if (paths.isEmpty()) {
            JsonNode root = replacement(random);
            said.add("root <- " + root);
            return root;
        }
        int pick = random.nextInt(paths.size());
        JsonNode parent = parents.get(pick);
        String path = paths.get(pick);
        String last = path.substring(path.lastIndexOf('/') + 1);
        int kind = random.nextInt(10);
        if (parent instanceof ObjectNode object) {
            if (kind < 2) {
                object.remove(last);
                said.add(path + " removed");
            } else if (kind < 3) {
                object.set(last + "_extra", replacement(random));
                said.add(path + "_extra added");
            } else {
                JsonNode value = replacement(random);
                object.set(last, value);
                said.add(path + " <- " + value);
            }
        } else if (parent instanceof ArrayNode array) {
            int index = Integer.parseInt(last);
            if (kind < 2) {
                array.remove(index);
                said.add(path + " removed");
            } else if (kind < 3) {
                array.add(replacement(random));
                said.add(path + " appended to");
            } else {
                JsonNode value = replacement(random);
                array.set(index, value);
                said.add(path + " <- " + value);
            }
        }
        return document;
    }

    /** Every field and element with its parent; long arrays only by their first and last three. */
    private static void collect(JsonNode node, String path, List<String> paths, List<JsonNode> parents) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                paths.add(path + "/" + name);
                parents.add(object);
                collect(object.get(name), path + "/" + name, paths, parents);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (i < 3 || i >= array.size() - 3) {
                    paths.add(path + "/" + i);
                    parents.add(array);
                    collect(array.get(i), path + "/" + i, paths, parents);
                }
            }
        }
    }

    private static JsonNode replacement(SplittableRandom random) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (random.nextInt(16)) {
            case 0 -> nodes.nullNode();
            case 1 -> nodes.numberNode(-1);
            case 2 -> nodes.numberNode(0);
            case 3 -> nodes.numberNode(1);
            case 4 -> nodes.numberNode(7);
            case 5 -> nodes.numberNode(1e308);
            case 6 -> nodes.numberNode(-0.5);
            case 7 -> nodes.numberNode(Long.MAX_VALUE);
            case 8 -> nodes.textNode("");
            case 9 -> nodes.textNode("x");
            case 10 -> nodes.textNode("NaN");
            case 11 -> nodes.booleanNode(true);
            case 12 -> nodes.arrayNode();
            case 13 -> nodes.arrayNode().add(0).add(-1);
            case 14 -> nodes.objectNode();
            default -> nodes.numberNode(random.nextInt(2000) - 1000);
        };
    }
}
