package org.loanmodel.model;

import java.util.List;
import java.util.Objects;

/**
 * The ordered input features of the loan model; the order is the index used by inference, the
 * prediction log and drift monitoring.
 *
 * @param features the features in model order
 */
public record FeatureSchema(List<FeatureSpec> features) {

    /** The seven features of the loan application, the API contract of {@code POST /predict}. */
    public static final FeatureSchema LOAN = new FeatureSchema(List.of(
            FeatureSpec.integer("age", 18, 100, "applicant age in years"),
            FeatureSpec.number("income", 0, 10_000_000, "yearly income"),
            FeatureSpec.number("loan_amount", 1, 10_000_000, "requested amount"),
            FeatureSpec.category("loan_term", List.of(12.0, 24.0, 36.0, 48.0, 60.0), "term in months"),
            FeatureSpec.integer("credit_score", 300, 850, "credit bureau score"),
            FeatureSpec.category("employment_status", List.of(0.0, 1.0), "0 unemployed, 1 employed"),
            FeatureSpec.category("loan_purpose", List.of(0.0, 1.0, 2.0, 3.0), "purpose code")));

    public FeatureSchema {
        Objects.requireNonNull(features, "features");
        features = List.copyOf(features);
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
