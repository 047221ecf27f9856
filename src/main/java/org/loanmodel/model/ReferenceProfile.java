package org.loanmodel.model;

import java.util.List;
import java.util.Objects;

/**
 * What the training data looked like, frozen for drift monitoring: the bins and proportions of every
 * feature (training rows) and of the prediction score (holdout rows).
 *
 * @param features one {@link Bins} per feature, in schema order
 * @param score bins of the approval probability
 */
public record ReferenceProfile(List<Bins> features, Bins score) {
    /** Name used for the prediction score wherever a feature name is expected. */
    public static final String SCORE = "prediction_score";

    public ReferenceProfile {
        features = List.copyOf(features);
        Objects.requireNonNull(score, "score");
    }

    /** All monitored signals: the features in schema order, then the score. */
    public List<Bins> signals() {
        return java.util.stream.Stream.concat(features.stream(), java.util.stream.Stream.of(score))
                .toList();
    }
}
