package org.loanmodel.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoanApplicationTest {

    private static LoanApplication valid() {
        return new LoanApplication(35, 75000, 25000, 36, 720, 1, 1);
    }

    @Test
    void validApplicationExposesValuesInSchemaOrder() {
        assertThat(valid().values()).containsExactly(35, 75000, 25000, 36, 720, 1, 1);
        assertThat(FeatureSchema.LOAN.names())
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
        assertThatThrownBy(() -> new LoanApplication(35, -5, 25000, 36, 720, 1, 1))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("income");
                    assertThat(e.rule()).isEqualTo("out_of_range");
                })
                .hasMessage("feature 'income' must be a number between 0 and 10000000, got -5");
    }

    @Test
    void fractionalAgeIsNotAWholeNumber() {
        assertThatThrownBy(() -> new LoanApplication(35.5, 75000, 25000, 36, 720, 1, 1))
                .hasMessage("feature 'age' must be a whole number, got 35.5");
    }

    @Test
    void ageOutsideRangeIsRejected() {
        assertThatThrownBy(() -> new LoanApplication(17, 75000, 25000, 36, 720, 1, 1))
                .hasMessage("feature 'age' must be a whole number between 18 and 100, got 17");
    }

    @Test
    void loanTermMustBeAnOfferedTerm() {
        assertThatThrownBy(() -> new LoanApplication(35, 75000, 25000, 18, 720, 1, 1))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.rule()).isEqualTo("not_allowed_category"))
                .hasMessage("feature 'loan_term' must be one of [12, 24, 36, 48, 60], got 18");
    }

    @Test
    void loanPurposeMustBeAKnownCode() {
        assertThatThrownBy(() -> new LoanApplication(35, 75000, 25000, 36, 720, 1, 4))
                .hasMessage("feature 'loan_purpose' must be one of [0, 1, 2, 3], got 4");
    }

    @Test
    void infiniteValueIsNotFinite() {
        assertThatThrownBy(() -> new LoanApplication(35, Double.POSITIVE_INFINITY, 25000, 36, 720, 1, 1))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.rule()).isEqualTo("not_finite"))
                .hasMessage("feature 'income' must be a finite number, got Infinity");
    }

    @Test
    void firstInvalidFeatureInSchemaOrderIsReported() {
        assertThatThrownBy(() -> LoanApplication.of(new double[] {10, 75000, 0, 36, 900, 1, 1}))
                .hasMessageStartingWith("feature 'age'");
    }

    @Test
    void creditScoreBoundsAreInclusive() {
        assertThat(new LoanApplication(18, 0, 1, 12, 300, 0, 0).creditScore()).isEqualTo(300);
        assertThat(new LoanApplication(100, 10_000_000, 10_000_000, 60, 850, 1, 3).creditScore())
                .isEqualTo(850);
    }
}
