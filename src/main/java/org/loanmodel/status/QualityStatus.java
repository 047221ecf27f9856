package org.loanmodel.status;

import java.util.ArrayList;
import java.util.List;

/**
 * Model quality since start: realized from the outcomes joined to logged decisions ({@code
 * model_feedback_total{outcome,model_version}}), beside the estimate the model makes of itself
 * before any label arrives.
 *
 * @param overall every version together
 * @param byVersion one entry per version in {@code model_feedback_total}
 * @param estimated the label-free estimate
 * @param decisions predictions answered ({@code model_success_total})
 * @param labelCoverage labelled decisions per decision
 * @param labelDelayP50Seconds median time from decision to outcome ({@code model_label_delay_seconds})
 */
public record QualityStatus(
        Outcomes overall,
        List<Outcomes> byVersion,
        Estimate estimated,
        Double decisions,
        Double labelCoverage,
        Double labelDelayP50Seconds) {
    static final String FEEDBACK = "model_feedback_total";
    static final String SUCCESS = "model_success_total";
    static final String EXPECTED_CORRECT = "model_expected_correct_total";
    static final String EXPECTED_OUTCOME = "model_expected_outcome_total";
    static final String LABEL_DELAY = "model_label_delay_seconds";

    /**
     * The confusion matrix of labelled decisions and what follows from it.
     *
     * @param version the deciding model version, or null for all together
     * @param role the version's role when a metric names one, else null
     * @param labels labelled decisions
     * @param tp approved, actual outcome 1
     * @param fp approved, actual outcome 0
     * @param tn rejected, actual outcome 0
     * @param fn rejected, actual outcome 1
     * @param accuracy (tp + tn) / labels
     * @param precision tp / (tp + fp)
     * @param recall tp / (tp + fn)
     */
    public record Outcomes(
            String version,
            String role,
            double labels,
            double tp,
            double fp,
            double tn,
            double fn,
            Double accuracy,
            Double precision,
            Double recall) {
        static Outcomes of(String version, String role, double tp, double fp, double tn, double fn) {
            double labels = tp + fp + tn + fn;
            return new Outcomes(
                    version,
                    role,
                    labels,
                    tp,
                    fp,
                    tn,
                    fn,
                    Values.ratio(tp + tn, labels),
                    Values.ratio(tp, tp + fp),
                    Values.ratio(tp, tp + fn));
        }
    }

    /**
     * What the model expects of itself: accuracy as the mean confidence {@code
     * model_expected_correct_total / model_success_total}, and, where the counter {@code
     * model_expected_outcome_total{outcome}} exists, the expected confusion
     * matrix with its precision and recall (null when they do not).
     *
     * @param accuracy expected accuracy
     * @param tp expected true positives
     * @param fp expected false positives
     * @param tn expected true negatives
     * @param fn expected false negatives
     * @param precision expected precision
     * @param recall expected recall
     */
    public record Estimate(
            Double accuracy, Double tp, Double fp, Double tn, Double fn, Double precision, Double recall) {}

    static QualityStatus read(MetricReader metrics, List<ModelVersion> models) {
        List<Outcomes> byVersion = new ArrayList<>();
        for (String version : metrics.sumBy(FEEDBACK, "model_version").keySet()) {
            byVersion.add(Outcomes.of(
                    version,
                    role(models, version),
                    cell(metrics, version, "tp"),
                    cell(metrics, version, "fp"),
                    cell(metrics, version, "tn"),
                    cell(metrics, version, "fn")));
        }
        Outcomes overall = Outcomes.of(
                null,
                null,
                byVersion.stream().mapToDouble(Outcomes::tp).sum(),
                byVersion.stream().mapToDouble(Outcomes::fp).sum(),
                byVersion.stream().mapToDouble(Outcomes::tn).sum(),
                byVersion.stream().mapToDouble(Outcomes::fn).sum());
        double decisions = metrics.sum(SUCCESS);
        MetricReader.Buckets delay = metrics.buckets(LABEL_DELAY);
        return new QualityStatus(
                overall,
                byVersion,
                estimate(metrics, decisions),
                Values.known(decisions),
                Values.ratio(overall.labels(), decisions),
                delay == null ? null : Values.known(HistogramQuantile.of(0.5, delay.upperBounds(), delay.counts())));
    }

    private static double cell(MetricReader metrics, String version, String outcome) {
        return metrics.sum(
                FEEDBACK,
                point -> version.equals(point.label("model_version")) && outcome.equals(point.label("outcome")));
    }

    private static String role(List<ModelVersion> models, String version) {
        for (ModelVersion model : models) {
            if (model.version().equals(version)) {
                return model.role();
            }
        }
        return null;
    }

    /** One cell of the expected confusion matrix, summed over model versions; null when absent. */
    private static Double expected(MetricReader metrics, String outcome) {
        return Values.known(metrics.sum(EXPECTED_OUTCOME, point -> outcome.equals(point.label("outcome"))));
    }

    private static Estimate estimate(MetricReader metrics, double decisions) {
        Double accuracy = Values.ratio(metrics.sum(EXPECTED_CORRECT), decisions);
        Double tp = expected(metrics, "tp");
        Double fp = expected(metrics, "fp");
        Double tn = expected(metrics, "tn");
        Double fn = expected(metrics, "fn");
        Double precision = tp == null || fp == null ? null : Values.ratio(tp, tp + fp);
        Double recall = tp == null || fn == null ? null : Values.ratio(tp, tp + fn);
        return new Estimate(accuracy, tp, fp, tn, fn, precision, recall);
    }
}
