package org.loanmodel.segments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.Numbers;

/**
 * One way of dividing applicants into groups: bands of a feature ({@code age_band}: 18-24, 25-61,
 * 62+) or the values of a monitoring attribute ({@code applicant_group}: a, b, c). Every applicant
 * falls in exactly one group: a configured one, {@value #OTHER} for a value outside them all, or
 * {@value #UNKNOWN} when the value is absent (an attribute the request did not carry, an optional
 * feature left out). Immutable; finding a group allocates nothing.
 */
public final class Segment {
    /** The group of a value outside every configured group. */
    public static final String OTHER = "other";
    /** The group of an absent value. */
    public static final String UNKNOWN = "unknown";
    /** Longest segment or group name. */
    static final int MAX_NAME = 64;

    private final String name;
    private final String feature;
    private final int featureIndex;
    private final List<Band> bands;
    private final Map<String, Integer> valueGroups;
    private final List<String> groups;
    private final int other;
    private final int unknown;

    private Segment(
            String name, String feature, int featureIndex, List<Band> bands, List<String> values, boolean mayBeAbsent) {
        this.name = name;
        this.feature = feature;
        this.featureIndex = featureIndex;
        this.bands = List.copyOf(bands);
        List<String> names = new ArrayList<>();
        bands.forEach(band -> names.add(band.group()));
        names.addAll(values);
        Map<String, Integer> indexes = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            indexes.put(values.get(i), i);
        }
        this.valueGroups = Map.copyOf(indexes);
        this.other = names.size();
        names.add(OTHER);
        this.unknown = mayBeAbsent ? names.size() : -1;
        if (mayBeAbsent) {
            names.add(UNKNOWN);
        }
        this.groups = List.copyOf(names);
    }

    /**
     * Bands of a feature, in ascending order and without overlap; gaps between them count as
     * {@value #OTHER}.
     *
     * @throws IllegalArgumentException saying what to fix
     */
    public static Segment bands(String name, FeatureSchema schema, String feature, List<Band> bands) {
        checkName(name);
        int index = schema.indexOf(feature);
        if (index < 0) {
            throw new IllegalArgumentException("segment '" + name + "': feature '" + feature
                    + "' is not a feature of the model; expected one of " + schema.names());
        }
        if (bands.isEmpty()) {
            throw new IllegalArgumentException("segment '" + name + "' lists no bands; give at least one");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < bands.size(); i++) {
            Band band = bands.get(i);
            checkGroup(name, band.group(), seen);
            if (!(band.from() < band.to())) {
                throw new IllegalArgumentException("segment '" + name + "': band '" + band.group() + "' "
                        + describe(band) + " is empty; 'from' must be below 'to'");
            }
            if (i > 0 && band.from() < bands.get(i - 1).to()) {
                Band before = bands.get(i - 1);
                throw new IllegalArgumentException("segment '" + name + "': band '" + band.group() + "' "
                        + describe(band) + " overlaps or comes before band '" + before.group() + "' "
                        + describe(before) + "; list bands in ascending order without overlap");
            }
        }
        return new Segment(
                name, feature, index, bands, List.of(), schema.feature(index).optional());
    }

    /**
     * A monitoring attribute whose request key is {@code name}, with its values in the order given.
     *
     * @throws IllegalArgumentException saying what to fix
     */
    public static Segment attribute(String name, List<String> values) {
        checkName(name);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("segment '" + name + "' lists no values; give at least one");
        }
        Set<String> seen = new HashSet<>();
        values.forEach(value -> checkGroup(name, value, seen));
        return new Segment(name, null, -1, List.of(), values, true);
    }

    private static void checkName(String name) {
        if (name == null || name.length() > MAX_NAME || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("segment name must be lower snake case, at most " + MAX_NAME
                    + " characters, got " + (name == null ? "none" : "'" + name + "'"));
        }
    }

    private static void checkGroup(String segment, String group, Set<String> seen) {
        if (group == null
                || group.isEmpty()
                || group.length() > MAX_NAME
                || !group.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("segment '" + segment + "': group "
                    + (group == null ? "without a name" : "'" + escaped(group) + "'") + " must be 1 to " + MAX_NAME
                    + " printable ASCII characters");
        }
        if (group.equals(OTHER) || group.equals(UNKNOWN)) {
            throw new IllegalArgumentException("segment '" + segment + "': group name '" + group
                    + "' is reserved (" + OTHER + " counts values outside every group, " + UNKNOWN
                    + " absent ones)");
        }
        if (!seen.add(group)) {
            throw new IllegalArgumentException("segment '" + segment + "' lists group '" + group + "' twice");
        }
    }

    /** The text with every character outside printable ASCII written as a Java escape, for messages. */
    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.chars()
                .forEach(c ->
                        out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }

    private static String describe(Band band) {
        return "(from " + bound(band.from()) + " to " + bound(band.to()) + ")";
    }

    private static String bound(double value) {
        return Double.isInfinite(value) ? (value < 0 ? "-infinity" : "infinity") : Numbers.format(value);
    }

    /** The segment's name, the {@code segment} label. */
    public String name() {
        return name;
    }

    /** Whether this segment reads a monitoring attribute rather than a feature. */
    public boolean isAttribute() {
        return featureIndex < 0;
    }

    /** The feature whose bands these are, or {@code null} for an attribute. */
    public String feature() {
        return feature;
    }

    /** The bands, empty for an attribute. */
    public List<Band> bands() {
        return bands;
    }

    /** Every group in index order: the configured ones, {@value #OTHER}, and {@value #UNKNOWN} when a value can be absent. */
    public List<String> groups() {
        return groups;
    }

    /** The group of a decision: its feature value, or its attribute value. */
    public int groupOf(LoanApplication application, MonitoringAttributes attributes) {
        return isAttribute() ? groupOfAttribute(attributes.get(name)) : groupOfFeature(application.value(featureIndex));
    }

    /** The group of a stored decision: features in schema order ({@code NaN} absent), attribute values by name. */
    public int groupOf(List<Double> features, Map<String, String> attributes) {
        if (isAttribute()) {
            return groupOfAttribute(attributes.get(name));
        }
        return groupOfFeature(featureIndex < features.size() ? features.get(featureIndex) : Double.NaN);
    }

    private int groupOfFeature(double value) {
        if (Double.isNaN(value)) {
            // Only an optional feature can be absent; a log written while a feature was optional can
            // still hold one for a feature that is now required.
            return unknown >= 0 ? unknown : other;
        }
        for (int i = 0; i < bands.size(); i++) {
            if (bands.get(i).holds(value)) {
                return i;
            }
        }
        return other;
    }

    private int groupOfAttribute(String value) {
        if (value == null) {
            return unknown;
        }
        Integer group = valueGroups.get(value);
        return group == null ? other : group;
    }

    @Override
    public String toString() {
        return name + (isAttribute() ? " (attribute)" : " (bands of " + feature + ")") + " " + groups;
    }
}
