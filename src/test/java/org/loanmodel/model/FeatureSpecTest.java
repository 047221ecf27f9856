package org.loanmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.loanmodel.training.LoanDataGenerator;

class FeatureSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FeatureSpec CREDIT = LoanDataGenerator.SCHEMA.feature(4);

    @Test
    void reasonCodeAndTextDefaultToTheName() {
        assertThat(CREDIT.reasonCode()).isNull();
        assertThat(CREDIT.reasonText()).isNull();
        assertThat(CREDIT.reasonCodeOrDefault()).isEqualTo("R_CREDIT_SCORE");
        assertThat(CREDIT.reasonTextOrDefault()).isEqualTo("credit score");
    }

    @Test
    void reasonCodeAndTextOfTheSchemaWin() {
        FeatureSpec spec = CREDIT.withReason("R07", "credit bureau score");
        assertThat(spec.reasonCodeOrDefault()).isEqualTo("R07");
        assertThat(spec.reasonTextOrDefault()).isEqualTo("credit bureau score");
        assertThat(spec.asOptional().reasonCode()).isEqualTo("R07");
        assertThat(spec.asOptional().reasonText()).isEqualTo("credit bureau score");
    }

    @Test
    void reasonFieldsAreWrittenOnlyWhenSet() throws Exception {
        assertThat(JSON.writeValueAsString(CREDIT)).doesNotContain("reason");
        FeatureSpec spec = CREDIT.withReason("R_SCORE", "credit score");
        String json = JSON.writeValueAsString(spec);
        assertThat(json).contains("\"reasonCode\":\"R_SCORE\"", "\"reasonText\":\"credit score\"");
        assertThat(JSON.readValue(json, FeatureSpec.class)).isEqualTo(spec);
        assertThat(JSON.readValue(JSON.writeValueAsString(CREDIT), FeatureSpec.class))
                .isEqualTo(CREDIT);
    }

    @Test
    void goldenArtifactWithoutReasonFieldsKeepsItsVersion() {
        LoanModel golden = ModelArtifact.load(Path.of("src/test/resources/golden/loan-model-golden.json"));
        assertThat(golden.version()).isEqualTo("bdf398f62e9b");
        assertThat(golden.schema().feature(4).reasonCode()).isNull();
    }

    @Test
    void reasonCodeMustBeUpperSnakeCase() {
        assertThatThrownBy(() -> CREDIT.withReason("credit-score", null))
                .hasMessage("reason code of feature 'credit_score' must be upper snake case, got 'credit-score'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"credit\u0000score", "credit\nscore", "credit\u007fscore", "credit\u0085score", "score \ud83d"})
    void reasonTextMustBePlainTextBecauseEveryDenialStoresIt(String text) {
        assertThatThrownBy(() -> CREDIT.withReason(null, text))
                .hasMessage("reason text of feature 'credit_score' must be plain text: no control characters or"
                        + " unpaired surrogates");
    }

    @Test
    void plainTextInAnyScriptIsAReasonText() {
        assertThat(CREDIT.withReason(null, "Kreditwürdigkeit \ud83d\udcc9").reasonText())
                .isEqualTo("Kreditwürdigkeit \ud83d\udcc9");
    }

    @Test
    void descriptionMustBePlainText() {
        assertThatThrownBy(() -> FeatureSpec.number("income", 0, 1, "yearly\u0000income"))
                .hasMessage("description of feature 'income' must be plain text: no control characters or"
                        + " unpaired surrogates");
    }

    @Test
    void reasonTextMustNotBeBlank() {
        assertThatThrownBy(() -> CREDIT.withReason(null, " "))
                .hasMessage("reason text of feature 'credit_score' must not be blank");
    }
}
