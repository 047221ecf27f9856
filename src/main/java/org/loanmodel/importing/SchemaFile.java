package org.loanmodel.importing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.loanmodel.model.FeatureKind;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.JsonDocumentErrors;

/**
 * A schema file for an import: the rules of the features that need more than "any finite number",
 * by name; features it does not list are inferred from the reference data. Keys are those of the
 * API's {@code /model} schema:
 *
 * <pre>{@code
 * {"features": [
 *   {"name": "credit_score", "kind": "integer", "min": 300, "max": 850, "reason_text": "credit score"},
 *   {"name": "debt_ratio", "min": 0, "max": 5, "optional": true},
 *   {"name": "loan_purpose", "kind": "category", "categories": [1, 2, 3]}
 * ]}
 * }</pre>
 */
final class SchemaFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS =
            Set.of("name", "kind", "min", "max", "categories", "optional", "description", "reason_code", "reason_text");

    private SchemaFile() {}

    /** The features the file sets, by name, in file order. */
    static Map<String, FeatureSpec> read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("schema file not found: " + file + " (set --schema)");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "schema file " + file + ": " + JsonDocumentErrors.describe(e, "a schema file"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read schema file " + file + ": " + e.getMessage());
        }
        JsonNode features = root == null ? null : root.get("features");
        if (features == null || !features.isArray()) {
            throw new IllegalArgumentException("schema file " + file + " needs a 'features' array");
        }
        Map<String, FeatureSpec> specs = new LinkedHashMap<>();
        for (int i = 0; i < features.size(); i++) {
            FeatureSpec spec = feature(features.get(i), "schema file " + file + " feature " + (i + 1));
            if (specs.put(spec.name(), spec) != null) {
                throw new IllegalArgumentException("schema file " + file + " sets feature '" + spec.name() + "' twice");
            }
        }
        return specs;
    }

    private static FeatureSpec feature(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + " has unknown key '" + key + "'; known keys: "
                        + KEYS.stream().sorted().toList());
            }
        }
        String name = text(node, "name", null, where);
        if (name == null) {
            throw new IllegalArgumentException(where + " needs a 'name'");
        }
        String at = where + " ('" + name + "')";
        FeatureKind kind = kind(text(node, "kind", "number", at), at);
        double min = number(node, "min", -Double.MAX_VALUE, at);
        double max = number(node, "max", Double.MAX_VALUE, at);
        List<Double> categories = new ArrayList<>();
        JsonNode codes = node.get("categories");
        if (codes != null) {
            if (!codes.isArray()) {
                throw new IllegalArgumentException(at + " 'categories' must be an array of numbers");
            }
            codes.forEach(code -> {
                if (!code.isNumber()) {
                    throw new IllegalArgumentException(at + " 'categories' must be an array of numbers");
                }
                categories.add(code.asDouble());
            });
            categories.sort(Double::compare);
        }
        if ((kind == FeatureKind.CATEGORY) != (codes != null)) {
            throw new IllegalArgumentException(at + " needs 'categories' exactly when its kind is 'category'");
        }
        JsonNode optional = node.get("optional");
        if (optional != null && !optional.isBoolean()) {
            throw new IllegalArgumentException(at + " 'optional' must be true or false");
        }
        try {
            FeatureSpec spec = kind == FeatureKind.CATEGORY
                    ? FeatureSpec.category(name, categories, text(node, "description", "", at))
                    : new FeatureSpec(name, kind, min, max, List.of(), text(node, "description", "", at), false);
            if (optional != null && optional.asBoolean()) {
                spec = spec.asOptional();
            }
            return spec.withReason(text(node, "reason_code", null, at), text(node, "reason_text", null, at));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage());
        }
    }

    private static FeatureKind kind(String kind, String where) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "number" -> FeatureKind.NUMBER;
            case "integer" -> FeatureKind.INTEGER;
            case "category" -> FeatureKind.CATEGORY;
            default ->
                throw new IllegalArgumentException(
                        where + " has kind '" + kind + "'; kinds are number, integer, category");
        };
    }

    private static String text(JsonNode node, String key, String absent, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(where + " '" + key + "' must be a string");
        }
        return value.asText();
    }

    private static double number(JsonNode node, String key, double absent, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new IllegalArgumentException(where + " '" + key + "' must be a finite number");
        }
        return value.asDouble();
    }
}
