package org.loanmodel.status;

/**
 * Every threshold behind the page's warnings and highlights, in one place. Those marked "alert"
 * mirror {@code prometheus/alert-rules.yml} (a test reads that file and checks they agree); the
 * page applies them to what it shows now, without the rules' {@code for} durations.
 */
public final class StatusThresholds {
    /** PSI above which a feature (or the prediction score) has drifted: alert LoanModelFeatureDrift. */
    public static final double PSI_DRIFTED = 0.25;
    /** Observations the drift alerts need before they trust a PSI: alert LoanModelFeatureDrift. */
    public static final double DRIFT_MIN_OBSERVATIONS = 100;
    /** Accuracy below which a model version is failing: alert LoanModelAccuracyLow. */
    public static final double ACCURACY_MIN = 0.8;
    /** Labels the accuracy alert needs before it trusts the ratio: alert LoanModelAccuracyLow. */
    public static final double ACCURACY_MIN_LABELS = 50;
    /** Server-side errors per request over five minutes: alert LoanModelErrorRatioHigh. */
    public static final double SERVER_ERROR_RATIO_MAX = 0.01;
    /** 99th percentile latency over five minutes: alert LoanModelLatencyHigh. */
    public static final double P99_SECONDS_MAX = 0.05;
    /** Share of the prediction log queue above which {@code /ready} answers 503. */
    public static final double QUEUE_FILL_MAX = 0.9;
    /** Write failures in the last five minutes that mean the log is failing (any). */
    public static final double WRITE_FAILURES_MAX = 0;
    /**
     * Lowest approval rate of a group over the highest in its segment: the four-fifths rule of
     * the US Uniform Guidelines on Employee Selection Procedures, common practice in fair lending.
     */
    public static final double ADVERSE_IMPACT_RATIO_MIN = 0.8;
    /** Decisions each compared group needs before the four-fifths rule is applied. */
    public static final double ADVERSE_IMPACT_MIN_DECISIONS = 50;

    private StatusThresholds() {}
}
