package org.loanmodel.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The double thresholds of the flat form send every double where XGBoost's float test sends it. */
class XgboostFlattenerTest {

    /** XGBoost's test: left (false here) when the value rounded to float is below the condition. */
    private static boolean xgboostGoesRight(double x, float condition) {
        return !((float) x < condition);
    }

    /** The doubles where a float test can flip: around the condition and its midpoints. */
    private static List<Double> probes(float condition) {
        List<Double> probes = new ArrayList<>();
        double[] anchors = {
            condition,
            Math.nextDown(condition),
            Math.nextUp(condition),
            ((double) condition + (double) Math.nextDown(condition)) / 2,
            ((double) condition + (double) Math.nextUp(condition)) / 2
        };
        for (double anchor : anchors) {
            if (!Double.isFinite(anchor)) {
                continue;
            }
            double x = anchor;
            probes.add(x);
            for (int step = 0; step < 3; step++) {
                x = Math.nextUp(x);
                probes.add(x);
            }
            x = anchor;
            for (int step = 0; step < 3; step++) {
                x = Math.nextDown(x);
                probes.add(x);
            }
        }
        probes.addAll(List.of(0.0, -0.0, Double.MAX_VALUE, -Double.MAX_VALUE, 0x1.ffffffp127, -0x1.ffffffp127));
        probes.add(Math.nextDown(0x1.ffffffp127));
        probes.add(Math.nextUp(-0x1.ffffffp127));
        return probes;
    }

    private static void assertAgrees(float condition) {
        double threshold = XgboostFlattener.threshold(condition);
        for (double x : probes(condition)) {
            assertThat(x > threshold)
                    .as("x = %s (%a), condition %s (%a), threshold %a", x, x, condition, condition, threshold)
                    .isEqualTo(xgboostGoesRight(x, condition));
        }
    }

    @Test
    void thresholdAgreesWithTheFloatTestAroundTwoHundredThousandConditions() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            float condition = Float.intBitsToFloat(random.nextInt());
            if (!Float.isNaN(condition)) {
                assertAgrees(condition);
            }
        }
    }

    @Test
    void thresholdAgreesAtTheEdgesOfTheFloatRange() {
        float[] edges = {
            0f,
            -0f,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            Float.MIN_NORMAL,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            1f,
            -1f,
            0.5f,
            720f,
            0.1f,
            1e-30f,
            16_777_216f
        };
        for (float condition : edges) {
            assertAgrees(condition);
        }
        assertThat(XgboostFlattener.threshold(Float.NaN)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void aConditionWithAnEvenSignificandTakesItsMidpointToTheGreaterSide() {
        // 1.0f has an even significand: the double halfway to the float below rounds up to 1.0f,
        // which is not below 1.0f, so the midpoint goes right and the threshold lies just below it.
        double midpoint = (1.0 + Math.nextDown(1.0f)) / 2;
        assertThat(XgboostFlattener.threshold(1.0f)).isEqualTo(Math.nextDown(midpoint));
        // The float after 1.0f has an odd significand: its midpoint rounds down, to 1.0f, and goes left.
        float odd = Math.nextUp(1.0f);
        assertThat(XgboostFlattener.threshold(odd)).isEqualTo((1.0 + (double) odd) / 2);
    }
}
