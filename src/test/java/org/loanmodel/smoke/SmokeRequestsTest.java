package org.loanmodel.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.testing.NineFeatures;

class SmokeRequestsTest {

    @Test
    void validApplicationTakesTheMiddleOfEachRangeAndTheFirstCode() {
        assertThat(SmokeRequests.forSchema(NineFeatures.SCHEMA).valid())
                .isEqualTo("{\"years_trading\":50,\"revenue\":25000000,\"requested\":2500500,\"debt_ratio\":2.5,"
                        + "\"employees\":5000,\"late_payments\":25,\"sector\":0,\"collateral\":5000000,"
                        + "\"owner_score\":575}");
    }

    @Test
    void invalidRequestsBreakTheFirstFeaturesRule() {
        assertThat(SmokeRequests.forSchema(NineFeatures.SCHEMA).invalid())
                .extracting(SmokeRequests.Invalid::name, SmokeRequests.Invalid::code, SmokeRequests.Invalid::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "reject a missing feature", "missing_field", "years_trading"),
                        org.assertj.core.groups.Tuple.tuple(
                                "reject an out-of-range years_trading", "out_of_range", "years_trading"),
                        org.assertj.core.groups.Tuple.tuple(
                                "reject a non-numeric years_trading", "not_a_number", "years_trading"),
                        org.assertj.core.groups.Tuple.tuple("reject malformed JSON", "malformed_json", null));
        assertThat(SmokeRequests.forSchema(NineFeatures.SCHEMA).invalid().get(1).body())
                .startsWith("{\"years_trading\":200.0,");
    }

    @Test
    void aCategoryFirstGetsAnUnknownCodeAndAnOptionalOneIsNotReportedMissing() {
        FeatureSchema schema = new FeatureSchema(List.of(
                FeatureSpec.category("term", List.of(12.0, 24.0), "months").asOptional(),
                FeatureSpec.number("amount", 1, 9, "requested")));

        SmokeRequests requests = SmokeRequests.forSchema(schema);

        assertThat(requests.valid()).isEqualTo("{\"term\":12,\"amount\":5}");
        assertThat(requests.invalid())
                .extracting(SmokeRequests.Invalid::name, SmokeRequests.Invalid::body)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("reject a missing feature", "{\"term\":12}"),
                        org.assertj.core.groups.Tuple.tuple("reject an unknown term", "{\"term\":25.0,\"amount\":5}"),
                        org.assertj.core.groups.Tuple.tuple(
                                "reject a non-numeric term", "{\"term\":\"lots\",\"amount\":5}"),
                        org.assertj.core.groups.Tuple.tuple("reject malformed JSON", "{\"term\": 1,"));
    }

    @Test
    void theSeedKeepsTheOriginalTestScriptsRequests() {
        assertThat(SmokeRequests.seed().valid()).isEqualTo(SmokeRequests.SEED_APPLICATION);
        assertThat(SmokeRequests.seed().invalid())
                .extracting(SmokeRequests.Invalid::name)
                .containsExactly(
                        "reject a missing feature",
                        "reject an out-of-range age",
                        "reject a non-numeric income",
                        "reject an unknown loan_term",
                        "reject malformed JSON");
    }
}
