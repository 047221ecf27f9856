package org.loanmodel.segments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.JsonDocumentErrors;

/**
 * The segments file: a JSON object with a {@code segments} array, each entry either a feature's
 * bands or an attribute's values.
 *
 * <pre>
 * {"segments": [
 *   {"name": "age_band", "feature": "age", "bands": [
 *     {"group": "18-24", "from": 18, "to": 25}, {"group": "25-61", "from": 25, "to": 62},
 *     {"group": "62+", "from": 62}]},
 *   {"name": "applicant_group", "values": ["a", "b", "c"]}]}
 * </pre>
 *
 * A band holds {@code from <= value < to}; a missing {@code from} or {@code to} leaves that end
 * open. Every mistake is refused at start with the file's name and what to fix.
 */
final class SegmentsFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WHERE = " (set --segments or SEGMENTS_FILE)";
    private static final Set<String> TOP = Set.of("segments", "description");
    private static final Set<String> SEGMENT = Set.of("name", "description", "feature", "bands", "values");
    private static final Set<String> BAND = Set.of("group", "from", "to");

    private SegmentsFile() {}

    static Segments read(Path file, FeatureSchema schema) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("segments file not found: " + file + WHERE);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read segments file " + file + ": " + e.getMessage() + WHERE);
        }
        return parse(bytes, file.toString(), schema);
    }

    static Segments parse(byte[] bytes, String source, FeatureSchema schema) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "segments file " + source + ": " + JsonDocumentErrors.describe(e, "a segments file") + WHERE);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read segments file " + source + ": " + e.getMessage() + WHERE);
        }
        try {
            return segments(root, schema);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("segments file " + source + ": " + e.getMessage() + WHERE);
        }
    }

    private static Segments segments(JsonNode root, FeatureSchema schema) {
        if (root == null || !root.isObject() || !root.path("segments").isArray()) {
            throw new IllegalArgumentException("must be a JSON object with a 'segments' array");
        }
        onlyFields(root, TOP, "the file");
        List<Segment> segments = new ArrayList<>();
        for (JsonNode entry : root.get("segments")) {
            segments.add(segment(entry, schema));
        }
        return new Segments(segments);
    }

    private static Segment segment(JsonNode entry, FeatureSchema schema) {
        if (!entry.isObject() || !entry.path("name").isTextual()) {
            throw new IllegalArgumentException("every segment must be an object with a 'name' string, got " + entry);
        }
        String name = entry.get("name").asText();
        onlyFields(entry, SEGMENT, "segment '" + name + "'");
        boolean bands = entry.has("feature") || entry.has("bands");
        if (bands == entry.has("values")) {
            throw new IllegalArgumentException("segment '" + name + "' needs either 'feature' and 'bands' (bands of a"
                    + " feature) or 'values' (a monitoring attribute)");
        }
        if (bands) {
            if (!entry.path("feature").isTextual() || !entry.path("bands").isArray()) {
                throw new IllegalArgumentException(
                        "segment '" + name + "' needs 'feature' as a string and 'bands' as an array");
            }
            List<Band> list = new ArrayList<>();
            for (JsonNode band : entry.get("bands")) {
                list.add(band(name, band));
            }
            return Segment.bands(name, schema, entry.get("feature").asText(), list);
        }
        if (!entry.get("values").isArray()) {
            throw new IllegalArgumentException("segment '" + name + "' needs 'values' as an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : entry.get("values")) {
            if (!value.isTextual()) {
                throw new IllegalArgumentException(
                        "segment '" + name + "': every value must be a string, got " + value);
            }
            values.add(value.asText());
        }
        return Segment.attribute(name, values);
    }

    private static Band band(String segment, JsonNode band) {
        if (!band.isObject() || !band.path("group").isTextual()) {
            throw new IllegalArgumentException(
                    "segment '" + segment + "': every band must be an object with a 'group' string, got " + band);
        }
        String group = band.get("group").asText();
        onlyFields(band, BAND, "band '" + group + "' of segment '" + segment + "'");
        if (!band.has("from") && !band.has("to")) {
            throw new IllegalArgumentException(
                    "segment '" + segment + "': band '" + group + "' needs 'from', 'to' or both");
        }
        return new Band(
                group,
                bound(segment, group, band, "from", Double.NEGATIVE_INFINITY),
                bound(segment, group, band, "to", Double.POSITIVE_INFINITY));
    }

    private static double bound(String segment, String group, JsonNode band, String field, double open) {
        if (!band.has(field)) {
            return open;
        }
        JsonNode value = band.get(field);
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new IllegalArgumentException("segment '" + segment + "': band '" + group + "' needs '" + field
                    + "' as a finite number, got " + value);
        }
        return value.asDouble();
    }

    private static void onlyFields(JsonNode object, Set<String> known, String what) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException(
                        what + " has an unknown field '" + name + "'; expected " + new java.util.TreeSet<>(known));
            }
        }
    }
}
