package org.loanmodel.model;

/**
 * One of the reasons a model version can give: for feature {@code feature} (its index in the
 * schema) and text variant {@code variant} ({@link FeatureSpec#reasonTextVariant}), the code,
 * feature name and text every such reason carries.
 */
public record ReasonWord(int feature, int variant, String code, String featureName, String text) {}
