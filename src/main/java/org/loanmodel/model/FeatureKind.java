package org.loanmodel.model;

/** How a feature's values are constrained and binned for drift monitoring. */
public enum FeatureKind {
    /** Any finite number within the feature's range. */
    NUMBER,
    /** A whole number within the feature's range. */
    INTEGER,
    /** One of a fixed set of codes; each code is its own drift bin. */
    CATEGORY
}
