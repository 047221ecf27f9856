package org.loanmodel.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.Reason;
import org.loanmodel.model.ReasonWord;
import org.loanmodel.training.LoanDataGenerator;

/** Adverse-action reasons of the shipped model, from the seed's example applicant outward. */
class ReasonCodesTest {
    private static final LoanModel MODEL = TestModels.SHIPPED;
    private static final ForestExplainer EXPLAINER = ForestExplainer.of(MODEL);
    private static final ReasonCodes REASONS = new ReasonCodes(MODEL, EXPLAINER);
    private static final LoanApplication SEED_EXAMPLE = LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1);

    private static List<Reason> reasons(LoanApplication application) {
        return REASONS.reasons(application, EXPLAINER.explain(application));
    }

    /** The brute-force Shapley values of the named features, in the order given. */
    private static double[] shapley(LoanApplication application, String... features) {
        double[] all = new BruteForceShapley(MODEL.forest()).shapley(application);
        double[] selected = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            selected[i] = all[MODEL.schema().indexOf(features[i])];
        }
        return selected;
    }

    private static double[] contributions(List<Reason> reasons) {
        return reasons.stream().mapToDouble(Reason::contribution).toArray();
    }

    @Test
    void theWordsAreEveryReasonTheModelCanGiveEachAsItsReasonsCarryIt() {
        List<ReasonWord> words = REASONS.words();
        int expected = MODEL.schema().features().stream()
                .mapToInt(feature -> 2 + feature.categories().size())
                .sum();
        assertThat(words).hasSize(expected);
        int creditScore = MODEL.schema().indexOf("credit_score");
        int loanPurpose = MODEL.schema().indexOf("loan_purpose");
        assertThat(words)
                .contains(
                        new ReasonWord(creditScore, 0, "R_CREDIT_SCORE", "credit_score", "credit score too low"),
                        new ReasonWord(creditScore, 1, "R_CREDIT_SCORE", "credit_score", "credit score not provided"),
                        new ReasonWord(loanPurpose, 4, "R_LOAN_PURPOSE", "loan_purpose", "loan purpose is 2"));
        // Every reason given is one of them, under its feature and the variant of its value.
        LoanApplication application = SEED_EXAMPLE.with("credit_score", 550);
        for (Reason reason : reasons(application)) {
            int feature = MODEL.schema().indexOf(reason.feature());
            int variant = MODEL.schema().feature(feature).reasonTextVariant(application.value(feature));
            assertThat(words)
                    .contains(new ReasonWord(feature, variant, reason.code(), reason.feature(), reason.text()));
        }
    }

    @Test
    void seedExampleIsApprovedAndHasNoReasons() {
        assertThat(MODEL.probability(SEED_EXAMPLE)).isEqualTo(1.0);
        assertThat(reasons(SEED_EXAMPLE)).isEmpty();
    }

    @Test
    void lowCreditScoreIsTheFirstReason() {
        LoanApplication application = SEED_EXAMPLE.with("credit_score", 550);
        assertThat(MODEL.approval(MODEL.probability(application))).isZero();
        List<Reason> reasons = reasons(application);
        assertThat(reasons)
                .extracting(Reason::code, Reason::feature, Reason::text)
                .containsExactly(
                        tuple("R_CREDIT_SCORE", "credit_score", "credit score too low"),
                        tuple("R_LOAN_TERM", "loan_term", "loan term is 36"),
                        tuple("R_EMPLOYMENT_STATUS", "employment_status", "employment status is 1"));
        assertThat(contributions(reasons))
                .containsExactly(shapley(application, "credit_score", "loan_term", "employment_status"), within(1e-9));
    }

    @Test
    void creditScoreAboveTheTrainingMeanButBelowTheCutIsStillTooLow() {
        // Training scores are uniform on 300-849 (mean about 575); approval needs more than 600.
        LoanApplication application = SEED_EXAMPLE.with("credit_score", 590);
        assertThat(MODEL.approval(MODEL.probability(application))).isZero();
        assertThat(reasons(application).get(0))
                .extracting(Reason::code, Reason::text)
                .containsExactly("R_CREDIT_SCORE", "credit score too low");
    }

    @Test
    void lowIncomeIsTheFirstReason() {
        LoanApplication application = SEED_EXAMPLE.with("income", 25000);
        assertThat(MODEL.approval(MODEL.probability(application))).isZero();
        List<Reason> reasons = reasons(application);
        assertThat(reasons)
                .extracting(Reason::code, Reason::feature, Reason::text)
                .containsExactly(
                        tuple("R_INCOME", "income", "income too low"),
                        tuple("R_AGE", "age", "age too low"),
                        tuple("R_LOAN_TERM", "loan_term", "loan term is 36"));
        assertThat(contributions(reasons))
                .containsExactly(shapley(application, "income", "age", "loan_term"), within(1e-9));
    }

    @Test
    void highLoanAmountIsTheFirstReason() {
        LoanApplication application = SEED_EXAMPLE.with("loan_amount", 45000);
        assertThat(MODEL.approval(MODEL.probability(application))).isZero();
        List<Reason> reasons = reasons(application);
        assertThat(reasons)
                .extracting(Reason::code, Reason::feature, Reason::text)
                .containsExactly(
                        tuple("R_LOAN_AMOUNT", "loan_amount", "loan amount too high"),
                        tuple("R_AGE", "age", "age too low"),
                        tuple("R_LOAN_TERM", "loan_term", "loan term is 36"),
                        tuple("R_LOAN_PURPOSE", "loan_purpose", "loan purpose is 1"));
        assertThat(contributions(reasons))
                .containsExactly(shapley(application, "loan_amount", "age", "loan_term", "loan_purpose"), within(1e-9));
    }

    @Test
    void aMinimumShareLeavesOutTheFeaturesThatBarelyMovedTheScore() {
        LoanApplication application = SEED_EXAMPLE.with("loan_amount", 45000);
        List<Reason> all = reasons(application);
        ReasonCodes material = new ReasonCodes(MODEL, EXPLAINER, 0.05);
        List<Reason> kept = material.reasons(application, EXPLAINER.explain(application));
        assertThat(kept).extracting(Reason::code).containsExactly("R_LOAN_AMOUNT");
        assertThat(kept.get(0)).isEqualTo(all.get(0));
        // Nothing reaches the whole of the most adverse but itself: it is always a reason.
        assertThat(new ReasonCodes(MODEL, EXPLAINER, 1).reasons(application, EXPLAINER.explain(application)))
                .containsExactly(all.get(0));
    }

    @Test
    void withAnyShareTheReasonsAreThoseOfShareZeroThatReachItMostAdverseAlwaysKept() {
        LoanDataGenerator generator = new LoanDataGenerator(23, 0);
        double[] shares = {0.001, 0.01, 0.1, 0.3, 0.9};
        int denials = 0;
        int shortened = 0;
        for (int n = 0; n < 2000; n++) {
            LoanApplication application = generator.nextApplication();
            Explanation explanation = EXPLAINER.explain(application);
            List<Reason> all = REASONS.reasons(application, explanation);
            if (all.isEmpty()) {
                continue;
            }
            denials++;
            for (double share : shares) {
                List<Reason> kept = new ReasonCodes(MODEL, EXPLAINER, share).reasons(application, explanation);
                int expected = 1;
                while (expected < all.size()
                        && all.get(expected).contribution()
                                <= share * all.get(0).contribution()) {
                    expected++;
                }
                assertThat(kept).as("%s, share %s", application, share).isEqualTo(all.subList(0, expected));
                shortened += kept.size() < all.size() ? 1 : 0;
            }
        }
        assertThat(denials).isGreaterThan(500);
        assertThat(shortened).isGreaterThan(500);
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        for (double share : new double[] {-0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new ReasonCodes(MODEL, EXPLAINER, share))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the minimum share of a reason must be from 0 to 1, got " + share);
        }
    }

    @Test
    void atMostFourReasonsMostAdverseFirstEqualOnesInSchemaOrder() {
        // age, income, loan_amount, loan_term, credit_score, employment_status, loan_purpose
        Explanation explanation = new Explanation(0.3, new double[] {-0.1, -0.2, -0.1, 0, -0.3, -0.2, 0.6}, 0.2);
        assertThat(REASONS.reasons(SEED_EXAMPLE, explanation))
                .extracting(Reason::feature, Reason::contribution)
                .containsExactly(
                        tuple("credit_score", -0.3),
                        tuple("income", -0.2),
                        tuple("employment_status", -0.2),
                        tuple("age", -0.1));
    }

    @Test
    void theSelectionEqualsSortingEveryAdverseFeatureOnTenThousandExplanations() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int n = 0; n < 10_000; n++) {
            double[] contributions = new double[7];
            for (int f = 0; f < 7; f++) {
                // Few distinct values, so that ties are common.
                contributions[f] = (random.nextInt(7) - 4) / 10.0;
            }
            java.util.List<Integer> expected = new java.util.ArrayList<>();
            for (int f = 0; f < 7; f++) {
                if (contributions[f] < 0) {
                    expected.add(f);
                }
            }
            expected.sort(java.util.Comparator.<Integer>comparingDouble(f -> contributions[f])
                    .thenComparingInt(f -> f));
            java.util.List<String> names = expected.subList(0, Math.min(4, expected.size())).stream()
                    .map(f -> MODEL.schema().name(f))
                    .toList();
            assertThat(REASONS.reasons(SEED_EXAMPLE, new Explanation(0.3, contributions, 0.2)))
                    .extracting(Reason::feature)
                    .as(java.util.Arrays.toString(contributions))
                    .isEqualTo(names);
        }
    }

    @Test
    void onlyNegativeContributionsAreReasons() {
        Explanation explanation = new Explanation(0.3, new double[] {0, 0.1, -0.0, 0, -0.25, 0, 0}, 0.15);
        assertThat(REASONS.reasons(SEED_EXAMPLE, explanation))
                .extracting(Reason::feature)
                .containsExactly("credit_score");
    }

    @Test
    void reasonCodeAndTextComeFromTheSchemaWhenItHasThem() {
        LoanModel model = TestModels.withFeature(
                MODEL, "credit_score", MODEL.schema().feature(4).withReason("R07", "credit bureau score"));
        ForestExplainer explainer = ForestExplainer.of(model);
        LoanApplication application =
                LoanApplication.of(model.schema(), new double[] {35, 75000, 25000, 36, 550, 1, 1});
        assertThat(new ReasonCodes(model, explainer)
                        .reasons(application, explainer.explain(application))
                        .get(0))
                .extracting(Reason::code, Reason::feature, Reason::text)
                .containsExactly("R07", "credit_score", "credit bureau score too low");
    }

    @Test
    void absentOptionalFeatureIsNamedAsNotProvided() {
        LoanModel model = TestModels.withOptional(MODEL, "credit_score");
        ForestExplainer explainer = ForestExplainer.of(model);
        LoanApplication application =
                LoanApplication.of(model.schema(), new double[] {35, 75000, 25000, 36, Double.NaN, 1, 1});
        assertThat(new ReasonCodes(model, explainer)
                        .reasons(application, explainer.explain(application))
                        .get(0))
                .extracting(Reason::code, Reason::text)
                .containsExactly("R_CREDIT_SCORE", "credit score not provided");
    }
}
