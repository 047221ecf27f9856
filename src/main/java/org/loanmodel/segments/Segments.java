package org.loanmodel.segments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.loanmodel.model.FeatureSchema;

/**
 * The segments a service monitors, validated against the served model's schema: names unique,
 * bands of real features, attributes with their value sets.
 *
 * <p>Example: {@code Segments segments = Segments.read(Path.of("segments.json"), model.schema());}
 *
 * @param segments in the configuration's order
 */
public record Segments(List<Segment> segments) {
    /** Classpath location of the segments of the model that ships with the service. */
    public static final String BUILT_IN_RESOURCE = "/models/loan-model.segments.json";

    public Segments {
        segments = List.copyOf(segments);
        Set<String> names = new HashSet<>();
        for (Segment segment : segments) {
            if (!names.add(segment.name())) {
                throw new IllegalArgumentException("segment '" + segment.name() + "' is defined twice");
            }
        }
    }

    /** No segments: nothing is counted by segment, and requests may carry no attribute. */
    public static Segments none() {
        return new Segments(List.of());
    }

    /**
     * Reads a segments file.
     *
     * @throws IllegalArgumentException naming the file and what to fix
     */
    public static Segments read(Path file, FeatureSchema schema) {
        return SegmentsFile.read(file, schema);
    }

    /** The segments shipped for the built-in model: age bands and the example attribute {@code applicant_group}. */
    public static Segments builtIn(FeatureSchema schema) {
        try (InputStream in = Segments.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in segments " + BUILT_IN_RESOURCE + " are missing");
            }
            return SegmentsFile.parse(in.readAllBytes(), "classpath:" + BUILT_IN_RESOURCE, schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names a request's {@code monitoring} object may use, sorted. */
    public Set<String> attributeNames() {
        Set<String> names = new TreeSet<>();
        segments.stream().filter(Segment::isAttribute).forEach(segment -> names.add(segment.name()));
        return names;
    }

    public int size() {
        return segments.size();
    }

    public Segment get(int index) {
        return segments.get(index);
    }
}
