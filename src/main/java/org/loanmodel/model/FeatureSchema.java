package org.loanmodel.model;

import java.util.List;
import java.util.Objects;

/**
 * The ordered input features of a model, read from its artifact; the order is the index used by
 * inference, the prediction log and drift monitoring. Nothing in the service is written for one
 * particular schema: request decoding, validation, log columns, drift bins and feature gauges all
 * follow from this list.
 *
 * @param features the features in model order
 */
public record FeatureSchema(List<FeatureSpec> features) {

    public FeatureSchema {
        Objects.requireNonNull(features, "features");
        features = List.copyOf(features);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a schema needs at least one feature");
        }
        if (features.stream().map(FeatureSpec::name).distinct().count() != features.size()) {
            throw new IllegalArgumentException("feature names must be unique");
        }
    }

    public int size() {
        return features.size();
    }

    public FeatureSpec feature(int index) {
        return features.get(index);
    }

    public String name(int index) {
        return features.get(index).name();
    }

    /** The index of the named feature, or -1 when the schema has no such feature. */
    public int indexOf(String name) {
        for (int i = 0; i < features.size(); i++) {
            if (features.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The feature names in model order. */
    public List<String> names() {
        return features.stream().map(FeatureSpec::name).toList();
    }
}
