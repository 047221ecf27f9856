package org.loanmodel.simulate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.training.LoanDataGenerator;

/**
 * How simulated traffic departs from the training data: either the applicants change (data drift,
 * the outcomes still follow the training rule) or the outcomes do (concept drift, the applicants
 * look the same). Shifted values stay inside what the API accepts. Every scenario but {@link #NONE}
 * changes the original system's seven features, so it needs a model of that schema.
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

    /** What changes, for the run's header. */
    public String description() {
        return description;
    }

    /**
     * The scenario of a command-line name, e.g. {@code income-shift}.
     *
     * @throws IllegalArgumentException naming the accepted values when the name is unknown
     */
    public static TrafficScenario named(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.cliName.equals(wanted))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("scenario must be one of " + names() + ", got '" + value + "'"));
    }

    /** The accepted names, {@code none|income-shift|...}. */
    public static String names() {
        return Arrays.stream(values()).map(TrafficScenario::cliName).collect(Collectors.joining("|"));
    }
}
