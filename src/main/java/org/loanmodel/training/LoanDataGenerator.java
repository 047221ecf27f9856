package org.loanmodel.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.LoanApplication;

/**
 * Synthetic loan applications with the distribution and approval rule of the original system.
 *
 * <p>Features are uniform: age 20-69, income 20000-99999, loan amount 5000-49999, term one of
 * 12/24/36/48/60 months, credit score 300-849, employment 0/1, purpose 0-3. An application is
 * approved exactly when {@code credit_score > 600 && income > 30000 && loan_amount < 40000}; with
 * label noise {@code p}, each label is flipped with probability {@code p}. The same seed always
 * gives the same rows, and the features do not depend on the noise rate.
 */
public final class LoanDataGenerator {
    /**
     * The seven features of the original system's loan application, the schema of the built-in
     * model. Accepted ranges are wider than the generated ones on purpose: values the model has not
     * seen are still served (and show up as drift).
     */
    public static final FeatureSchema SCHEMA = new FeatureSchema(List.of(
            FeatureSpec.integer("age", 18, 100, "applicant age in years"),
            FeatureSpec.number("income", 0, 10_000_000, "yearly income"),
            FeatureSpec.number("loan_amount", 1, 10_000_000, "requested amount"),
            FeatureSpec.category("loan_term", List.of(12.0, 24.0, 36.0, 48.0, 60.0), "term in months"),
            FeatureSpec.integer("credit_score", 300, 850, "credit bureau score"),
            FeatureSpec.category("employment_status", List.of(0.0, 1.0), "0 unemployed, 1 employed"),
            FeatureSpec.category("loan_purpose", List.of(0.0, 1.0, 2.0, 3.0), "purpose code")));

    private static final int CREDIT_SCORE = SCHEMA.indexOf("credit_score");
    private static final int INCOME = SCHEMA.indexOf("income");
    private static final int LOAN_AMOUNT = SCHEMA.indexOf("loan_amount");
    private static final double[] TERMS = {12, 24, 36, 48, 60};

    private final SplittableRandom random;
    private final double labelNoise;

    /**
     * @param seed seed of the random stream
     * @param labelNoise probability in [0, 0.5] that a label is flipped
     */
    public LoanDataGenerator(long seed, double labelNoise) {
        if (!(labelNoise >= 0 && labelNoise <= 0.5)) {
            throw new IllegalArgumentException("label noise must be between 0 and 0.5, got " + labelNoise);
        }
        this.random = new SplittableRandom(seed);
        this.labelNoise = labelNoise;
    }

    /** The approval rule of the original system, without noise. */
    public static int approvalRule(LoanApplication application) {
        return application.value(CREDIT_SCORE) > 600
                        && application.value(INCOME) > 30000
                        && application.value(LOAN_AMOUNT) < 40000
                ? 1
                : 0;
    }

    /** The next {@code count} applications of the stream. */
    public List<TrainingExample> generate(int count) {
        List<TrainingExample> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(next());
        }
        return rows;
    }

    /** The next application of the stream. */
    public TrainingExample next() {
        LoanApplication application = nextApplication();
        boolean flip = random.nextDouble() < labelNoise;
        int outcome = approvalRule(application);
        return new TrainingExample(application, flip ? 1 - outcome : outcome);
    }

    /** The next application's features, without drawing a label. */
    public LoanApplication nextApplication() {
        return loan(
                20 + random.nextInt(50),
                20000 + random.nextInt(80000),
                5000 + random.nextInt(45000),
                TERMS[random.nextInt(TERMS.length)],
                300 + random.nextInt(550),
                random.nextInt(2),
                random.nextInt(4));
    }

    /** An application of {@link #SCHEMA} from its seven values, in the original system's order. */
    public static LoanApplication loan(
            double age,
            double income,
            double loanAmount,
            double loanTerm,
            double creditScore,
            double employmentStatus,
            double loanPurpose) {
        return LoanApplication.of(
                SCHEMA, new double[] {age, income, loanAmount, loanTerm, creditScore, employmentStatus, loanPurpose});
    }
}
