package org.loanmodel.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.training.LoanDataGenerator;

/** Every applicant falls in exactly one group of each segment. */
class SegmentTest {
    private static final Segments SHIPPED = Segments.builtIn(LoanDataGenerator.SCHEMA);
    private static final Segment AGE = SHIPPED.get(0);
    private static final Segment GROUP = SHIPPED.get(1);

    private static String ageGroup(int age) {
        return AGE.groups()
                .get(AGE.groupOf(LoanDataGenerator.loan(age, 75000, 25000, 36, 720, 1, 1), MonitoringAttributes.NONE));
    }

    private static String applicantGroup(Map<String, String> attributes) {
        return GROUP.groups()
                .get(GROUP.groupOf(
                        LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1), new MonitoringAttributes(attributes)));
    }

    @Test
    void bandsHoldFromInclusiveToExclusive() {
        assertThat(List.of(18, 24, 25, 61, 62, 100))
                .extracting(SegmentTest::ageGroup)
                .containsExactly("18-24", "18-24", "25-61", "25-61", "62+", "62+");
    }

    @Test
    void valueInAGapBetweenBandsIsOther() {
        Segment bands = Segment.bands(
                "score_band",
                LoanDataGenerator.SCHEMA,
                "credit_score",
                List.of(new Band("low", 300, 580), new Band("high", 670, 851)));
        double[] values =
                LoanDataGenerator.loan(35, 75000, 25000, 36, 600, 1, 1).values();

        assertThat(bands.groupOf(java.util.Arrays.stream(values).boxed().toList(), Map.of()))
                .isEqualTo(bands.groups().indexOf("other"));
        assertThat(bands.groups()).containsExactly("low", "high", "other");
    }

    @Test
    void attributeValuesOutsideTheSetAreOtherAndAbsentOnesUnknown() {
        assertThat(applicantGroup(Map.of("applicant_group", "b"))).isEqualTo("b");
        assertThat(applicantGroup(Map.of("applicant_group", "B"))).isEqualTo("other");
        assertThat(applicantGroup(Map.of("applicant_group", "x\"}{evil=\"1"))).isEqualTo("other");
        assertThat(applicantGroup(Map.of())).isEqualTo("unknown");
    }

    @Test
    void absentOptionalFeatureIsUnknownAndLoggedNullForANowRequiredOneIsOther() {
        List<FeatureSpec> features = new ArrayList<>(LoanDataGenerator.SCHEMA.features());
        features.set(0, features.get(0).asOptional());
        FeatureSchema optionalAge = new FeatureSchema(features);
        Segment optional = Segment.bands("age_band", optionalAge, "age", AGE.bands());
        List<Double> logged = new ArrayList<>(List.of(Double.NaN, 1.0, 1.0, 12.0, 300.0, 0.0, 0.0));

        assertThat(optional.groups()).containsExactly("18-24", "25-61", "62+", "other", "unknown");
        assertThat(optional.groups().get(optional.groupOf(logged, Map.of()))).isEqualTo("unknown");
        assertThat(AGE.groups().get(AGE.groupOf(logged, Map.of()))).isEqualTo("other");
    }

    @Test
    void attributeValueMustBeShortAndPrintable() {
        assertThat(new MonitoringAttributes(Map.of("applicant_group", "é".repeat(64))).get("applicant_group"))
                .hasSize(64);
        assertThatThrownBy(() -> new MonitoringAttributes(Map.of("applicant_group", "x".repeat(65))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("monitoring attribute 'applicant_group' must be 1 to 64 printable characters, got a string"
                        + " of 65 characters");
        for (String value : new String[] {"", "a\nb", "a\u200bb", "\ud800"}) {
            assertThatThrownBy(() -> MonitoringAttributes.check("applicant_group", value))
                    .as(value)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(
                            "monitoring attribute 'applicant_group' must be 1 to 64 printable" + " characters, got a");
        }
    }
}
