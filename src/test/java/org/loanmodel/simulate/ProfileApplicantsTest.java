package org.loanmodel.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.Bins;
import org.loanmodel.model.FeatureKind;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ReferenceProfile;
import org.loanmodel.testing.NineFeatures;

class ProfileApplicantsTest {
    private static final int DRAWS = 20_000;
    private static final LoanModel MODEL = NineFeatures.model();
    private static final ReferenceProfile REFERENCE = MODEL.metadata().reference();

    @Test
    void eachFeaturesBinSharesFollowTheReferenceProportions() {
        List<Applicant> drawn = draw(new ProfileApplicants(NineFeatures.SCHEMA, REFERENCE, 1, 0), DRAWS);

        for (int f = 0; f < NineFeatures.SCHEMA.size(); f++) {
            Bins bins = REFERENCE.features().get(f);
            long[] counts = new long[bins.count()];
            int feature = f;
            drawn.forEach(a -> counts[bins.binOf(a.application().value(feature))]++);
            for (int bin = 0; bin < bins.count(); bin++) {
                assertThat((double) counts[bin] / DRAWS)
                        .as(bins.name() + " bin " + bin)
                        .isCloseTo(bins.proportions().get(bin), org.assertj.core.data.Offset.offset(0.015));
            }
        }
    }

    @Test
    void wholeNumberFeaturesGetWholeNumbersAndCategoriesTheirCodes() {
        List<Applicant> drawn = draw(new ProfileApplicants(NineFeatures.SCHEMA, REFERENCE, 2, 0), 2000);

        for (int f = 0; f < NineFeatures.SCHEMA.size(); f++) {
            FeatureSpec spec = NineFeatures.SCHEMA.feature(f);
            int feature = f;
            List<Double> values =
                    drawn.stream().map(a -> a.application().value(feature)).toList();
            if (spec.kind() == FeatureKind.INTEGER) {
                assertThat(values).as(spec.name()).allMatch(v -> v == Math.rint(v));
            }
            if (spec.kind() == FeatureKind.CATEGORY) {
                assertThat(values).as(spec.name()).allMatch(spec.categories()::contains);
            }
        }
    }

    @Test
    void binsBeyondTheAcceptedRangeStayInsideIt() {
        FeatureSchema schema = new FeatureSchema(
                List.of(FeatureSpec.number("x", 10, 20, "narrow"), FeatureSpec.integer("n", 0, 3, "few")));
        ReferenceProfile reference = new ReferenceProfile(
                List.of(
                        new Bins("x", List.of(0.0, 15.0, 30.0), List.of(0.25, 0.25, 0.25, 0.25)),
                        new Bins("n", List.of(1.5, 2.0, 9.0), List.of(0.25, 0.25, 0.25, 0.25))),
                new Bins("prediction_score", List.of(), List.of(1.0)));

        List<Applicant> drawn = draw(new ProfileApplicants(schema, reference, 3, 0), 2000);

        assertThat(drawn).allSatisfy(a -> {
            assertThat(a.application().value("x")).isBetween(10.0, 20.0);
            assertThat(a.application().value("n")).isIn(0.0, 1.0, 2.0, 3.0);
        });
        // The bin [2, 9) of n holds 2 and 3; the bin from 9 up has nothing in range and takes the maximum.
        assertThat(drawn.stream().filter(a -> a.application().value("n") == 3.0).count())
                .isGreaterThan(2000 / 4);
    }

    @Test
    void outcomesAreDrawnFromTheAnsweredProbabilityThenFlippedByNoise() {
        ProfileApplicants clean = new ProfileApplicants(NineFeatures.SCHEMA, REFERENCE, 4, 0);
        ProfileApplicants noisy = new ProfileApplicants(NineFeatures.SCHEMA, REFERENCE, 4, 0.5);
        int approvedAtHalf = 0;
        int flipped = 0;
        for (int i = 0; i < DRAWS; i++) {
            Applicant a = clean.next();
            Applicant b = noisy.next();
            assertThat(b.application()).isEqualTo(a.application());
            assertThat(a.outcome(0.0)).isZero();
            assertThat(a.outcome(1.0)).isEqualTo(1);
            approvedAtHalf += a.outcome(0.5);
            flipped += a.outcome(0.5) != b.outcome(0.5) ? 1 : 0;
        }
        assertThat(approvedAtHalf).isBetween(DRAWS * 48 / 100, DRAWS * 52 / 100);
        assertThat(flipped).isBetween(DRAWS * 48 / 100, DRAWS * 52 / 100);
    }

    @Test
    void theSameSeedSendsTheSameApplicants() {
        List<Applicant> first = draw(new ProfileApplicants(NineFeatures.SCHEMA, REFERENCE, 5, 0), 50);
        List<Applicant> again = draw(new ProfileApplicants(NineFeatures.SCHEMA, REFERENCE, 5, 0), 50);

        assertThat(again)
                .extracting(Applicant::application)
                .isEqualTo(first.stream().map(Applicant::application).toList());
    }

    private static List<Applicant> draw(ApplicantStream stream, int count) {
        List<Applicant> drawn = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            drawn.add(stream.next());
        }
        return drawn;
    }
}
