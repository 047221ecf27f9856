package org.loanmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.training.LoanDataGenerator;

class LoanApplicationTest {

    private static LoanApplication valid() {
        return LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1);
    }

    @Test
    void validApplicationExposesValuesInSchemaOrder() {
        assertThat(valid().values()).containsExactly(35, 75000, 25000, 36, 720, 1, 1);
        assertThat(LoanDataGenerator.SCHEMA.names())
                .containsExactly(
                        "age",
                        "income",
                        "loan_amount",
                        "loan_term",
                        "credit_score",
                        "employment_status",
                        "loan_purpose");
    }

    @Test
    void negativeIncomeNamesFieldRangeAndValue() {
        assertThatThrownBy(() -> LoanDataGenerator.loan(35, -5, 25000, 36, 720, 1, 1))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("income");
                    assertThat(e.rule()).isEqualTo("out_of_range");
                })
                .hasMessage("feature 'income' must be a number between 0 and 10000000, got -5");
    }

    @Test
    void fractionalAgeIsNotAWholeNumber() {
        assertThatThrownBy(() -> LoanDataGenerator.loan(35.5, 75000, 25000, 36, 720, 1, 1))
                .hasMessage("feature 'age' must be a whole number, got 35.5");
    }

    @Test
    void ageOutsideRangeIsRejected() {
        assertThatThrownBy(() -> LoanDataGenerator.loan(17, 75000, 25000, 36, 720, 1, 1))
                .hasMessage("feature 'age' must be a whole number between 18 and 100, got 17");
    }

    @Test
    void loanTermMustBeAnOfferedTerm() {
        assertThatThrownBy(() -> LoanDataGenerator.loan(35, 75000, 25000, 18, 720, 1, 1))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.rule()).isEqualTo("not_allowed_category"))
                .hasMessage("feature 'loan_term' must be one of [12, 24, 36, 48, 60], got 18");
    }

    @Test
    void loanPurposeMustBeAKnownCode() {
        assertThatThrownBy(() -> LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 4))
                .hasMessage("feature 'loan_purpose' must be one of [0, 1, 2, 3], got 4");
    }

    @Test
    void infiniteValueIsOutOfRange() {
        assertThatThrownBy(() -> LoanDataGenerator.loan(35, Double.POSITIVE_INFINITY, 25000, 36, 720, 1, 1))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.rule()).isEqualTo("out_of_range"))
                .hasMessage("feature 'income' must be a number between 0 and 10000000, got Infinity");
    }

    @Test
    void notANumberIsNotFinite() {
        assertThatThrownBy(() -> LoanDataGenerator.SCHEMA.feature(1).check(Double.NaN))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.rule()).isEqualTo("not_finite"))
                .hasMessage("feature 'income' must be a finite number, got NaN");
    }

    @Test
    void absentRequiredFeatureIsMissing() {
        assertThatThrownBy(() -> LoanDataGenerator.loan(35, Double.NaN, 25000, 36, 720, 1, 1))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.rule()).isEqualTo("missing_field"))
                .hasMessage("feature 'income' is required");
    }

    @Test
    void absentOptionalFeatureIsKeptAsNaN() {
        FeatureSchema schema = new FeatureSchema(List.of(
                FeatureSpec.number("income", 0, 1e7, "yearly income"),
                FeatureSpec.number("debt_ratio", 0, 10, "debt to income").asOptional()));
        LoanApplication application = LoanApplication.of(schema, new double[] {50_000, Double.NaN});
        assertThat(application.present(1)).isFalse();
        assertThat(application.value("debt_ratio")).isNaN();
        assertThat(application.with("debt_ratio", 0.5).value(1)).isEqualTo(0.5);
    }

    @Test
    void firstInvalidFeatureInSchemaOrderIsReported() {
        assertThatThrownBy(
                        () -> LoanApplication.of(LoanDataGenerator.SCHEMA, new double[] {10, 75000, 0, 36, 900, 1, 1}))
                .hasMessageStartingWith("feature 'age'");
    }

    @Test
    void creditScoreBoundsAreInclusive() {
        assertThat(LoanDataGenerator.loan(18, 0, 1, 12, 300, 0, 0).value("credit_score"))
                .isEqualTo(300);
        assertThat(LoanDataGenerator.loan(100, 10_000_000, 10_000_000, 60, 850, 1, 3)
                        .value("credit_score"))
                .isEqualTo(850);
    }
}
