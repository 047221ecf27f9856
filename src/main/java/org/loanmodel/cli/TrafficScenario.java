package org.loanmodel.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.training.LoanDataGenerator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How simulated traffic departs from the training data: either the applicants change (data drift,
 * the outcomes still follow the training rule) or the outcomes do (concept drift, the applicants
 * look the same). Shifted values stay inside what the API accepts.
 */
public enum TrafficScenario {
    /** Applicants and outcomes as in training. */
    NONE("none", "applicants and outcomes as in training"),
    /** Incomes of 90000-210000 instead of 20000-100000; outcomes follow the training rule. */
    INCOME_SHIFT("income-shift", "incomes x1.5 + 60000 (90000-210000 instead of 20000-100000)"),
    /** Credit scores squeezed into 300-629 instead of 300-849; outcomes follow the training rule. */
    CREDIT_SHIFT("credit-shift", "credit scores 300-629 instead of 300-849"),
    /** Applicants as in training; outcomes follow a stricter lending rule. */
    CONCEPT_DRIFT(
            "concept-drift",
            "applicants as in training, outcomes by a stricter rule"
                    + " (credit_score > 680, income > 45000, loan_amount < 30000)");

    private final String cliName;
    private final String description;

    TrafficScenario(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    /** The applicant this scenario sends in place of one drawn from the training distribution. */
    LoanApplication applicant(LoanApplication drawn) {
        return switch (this) {
            case INCOME_SHIFT -> drawn.with("income", Math.round(drawn.value("income") * 1.5 + 60_000));
            case CREDIT_SHIFT ->
                drawn.with("credit_score", 300 + Math.round((drawn.value("credit_score") - 300) * 0.6));
            case NONE, CONCEPT_DRIFT -> drawn;
        };
    }

    /** The real outcome of an application in this scenario's world, before label noise. */
    int outcome(LoanApplication applicant) {
        if (this == CONCEPT_DRIFT) {
            return applicant.value("credit_score") > 680
                            && applicant.value("income") > 45_000
                            && applicant.value("loan_amount") < 30_000
                    ? 1
                    : 0;
        }
        return LoanDataGenerator.approvalRule(applicant);
    }

    /** The name on the command line, e.g. {@code income-shift}. */
    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    /** Reads {@code --scenario}; names the accepted values when the name is unknown. */
    public static final class Converter implements ITypeConverter<TrafficScenario> {
        @Override
        public TrafficScenario convert(String value) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values())
                    .filter(s -> s.cliName.equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> new TypeConversionException(
                            "scenario must be one of " + names() + ", got '" + value + "'"));
        }
    }

    /** The accepted names, {@code none|income-shift|...}. */
    static String names() {
        return Arrays.stream(values()).map(TrafficScenario::cliName).collect(Collectors.joining("|"));
    }
}
