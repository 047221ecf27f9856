package org.loanmodel.simulate;

import java.util.List;
import java.util.SplittableRandom;
import org.loanmodel.model.Bins;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.ReferenceProfile;

/**
 * Applicants of any schema, drawn from the model's reference profile: for each feature a bin is
 * picked with its reference proportion, then a value inside that bin and inside the feature's
 * accepted range (uniform; whole numbers for integer features; for a category, a code that falls in
 * the bin). So every feature's bin shares match training and drift stays near zero.
 *
 * <p>No lending rule is known for such a schema, so each outcome is drawn from the probability the
 * service answers: approved with probability {@code p} (the world of a perfectly calibrated model),
 * then flipped with probability {@code noise}.
 */
final class ProfileApplicants implements ApplicantStream {
    private final FeatureSchema schema;
    private final List<Bins> bins;
    private final SplittableRandom values;
    private final SplittableRandom outcomes;
    private final double noise;

    /** @param noise probability in [0, 0.5] that an outcome is flipped */
    ProfileApplicants(FeatureSchema schema, ReferenceProfile reference, long seed, double noise) {
        if (reference.features().size() != schema.size()) {
            throw new IllegalArgumentException(
                    "reference profile has " + reference.features().size() + " features, schema has " + schema.size());
        }
        this.schema = schema;
        this.bins = reference.features();
        this.values = new SplittableRandom(seed);
        // A stream of its own, so the applicants do not depend on how outcomes are drawn.
        this.outcomes = values.split();
        this.noise = noise;
    }

    @Override
    public Applicant next() {
        double[] drawn = new double[schema.size()];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = draw(schema.feature(i), bins.get(i));
        }
        double approvalDraw = outcomes.nextDouble();
        boolean flip = outcomes.nextDouble() < noise;
        return new Applicant(LoanApplication.of(schema, drawn), probability -> {
            int outcome = approvalDraw < probability ? 1 : 0;
            return flip ? 1 - outcome : outcome;
        });
    }

    private double draw(FeatureSpec feature, Bins featureBins) {
        int bin = pickBin(featureBins);
        return switch (feature.kind()) {
            case CATEGORY -> code(feature, featureBins, bin);
            case INTEGER -> wholeNumber(feature, featureBins, bin);
            case NUMBER -> number(feature, featureBins, bin);
        };
    }

    private int pickBin(Bins featureBins) {
        double u = values.nextDouble();
        double cumulative = 0;
        List<Double> proportions = featureBins.proportions();
        for (int bin = 0; bin < proportions.size() - 1; bin++) {
            cumulative += proportions.get(bin);
            if (u < cumulative) {
                return bin;
            }
        }
        return proportions.size() - 1;
    }

    /** A code in the bin; any code when none falls in it. */
    private double code(FeatureSpec feature, Bins featureBins, int bin) {
        List<Double> inBin = feature.categories().stream()
                .filter(code -> featureBins.binOf(code) == bin)
                .toList();
        List<Double> choices = inBin.isEmpty() ? feature.categories() : inBin;
        return choices.get(values.nextInt(choices.size()));
    }

    /** Lower edge of the bin within the accepted range; bin i starts at cut i-1. */
    private static double lower(FeatureSpec feature, Bins featureBins, int bin) {
        return bin == 0
                ? feature.min()
                : Math.max(feature.min(), featureBins.cuts().get(bin - 1));
    }

    /** Upper edge, exclusive except for the last bin, within the accepted range. */
    private static double upper(FeatureSpec feature, Bins featureBins, int bin) {
        return bin == featureBins.count() - 1
                ? feature.max()
                : Math.min(feature.max(), featureBins.cuts().get(bin));
    }

    private double number(FeatureSpec feature, Bins featureBins, int bin) {
        double low = lower(feature, featureBins, bin);
        double high = upper(feature, featureBins, bin);
        return low < high ? values.nextDouble(low, high) : Math.min(low, feature.max());
    }

    private long wholeNumber(FeatureSpec feature, Bins featureBins, int bin) {
        long low = (long) Math.ceil(lower(feature, featureBins, bin));
        long high = (long) Math.floor(feature.max());
        if (bin < featureBins.count() - 1) {
            // The cut itself belongs to the next bin.
            high = Math.min(high, (long) Math.ceil(featureBins.cuts().get(bin)) - 1);
        }
        if (low > high) {
            return Math.max((long) Math.ceil(feature.min()), Math.min(low, (long) Math.floor(feature.max())));
        }
        return low + values.nextLong(high - low + 1);
    }
}
