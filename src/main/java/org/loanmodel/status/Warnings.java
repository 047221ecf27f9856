package org.loanmodel.status;

import java.util.ArrayList;
import java.util.List;

/** Turns a report's numbers into the warnings a person should see first, with the thresholds of {@link StatusThresholds}. */
final class Warnings {
    private Warnings() {}

    static List<Warning> of(
            TrafficStatus traffic,
            QualityStatus quality,
            DriftStatus drift,
            List<SegmentStatus> segments,
            LogStatus log) {
        List<Warning> warnings = new ArrayList<>();
        for (DriftStatus.Signal feature : drift.features()) {
            if (feature.drifted()) {
                warnings.add(new Warning(
                        "feature_drift",
                        feature.name(),
                        feature.name() + " has drifted: PSI " + Format.fixed(feature.psi(), 2)
                                + " against the training data"));
            }
        }
        DriftStatus.Signal score = drift.predictionScore();
        if (score != null && score.drifted()) {
            warnings.add(new Warning(
                    "prediction_drift",
                    score.name(),
                    "the model's scores have drifted: PSI " + Format.fixed(score.psi(), 2)
                            + " against the scores on the training data"));
        }
        for (QualityStatus.Outcomes version : quality.byVersion()) {
            if (version.accuracy() != null
                    && version.labels() >= StatusThresholds.ACCURACY_MIN_LABELS
                    && version.accuracy() < StatusThresholds.ACCURACY_MIN) {
                warnings.add(new Warning(
                        "accuracy_low",
                        version.version(),
                        "model " + version.version() + " is right on " + Format.percent(version.accuracy())
                                + " of " + Format.count(version.labels()) + " labelled decisions (alert below "
                                + Format.percent(StatusThresholds.ACCURACY_MIN) + ")"));
            }
        }
        serving(traffic, warnings);
        log(log, warnings);
        fairness(segments, warnings);
        return warnings;
    }

    private static void serving(TrafficStatus traffic, List<Warning> warnings) {
        Double ratio = traffic.serverErrorRatio5m();
        if (ratio != null && ratio > StatusThresholds.SERVER_ERROR_RATIO_MAX) {
            warnings.add(new Warning(
                    "error_ratio_high",
                    null,
                    Format.percent(ratio) + " of prediction requests failed on the server's side in the last 5"
                            + " minutes (alert above " + Format.percent(StatusThresholds.SERVER_ERROR_RATIO_MAX)
                            + ")"));
        }
        Double p99 = traffic.p99Seconds5m();
        if (p99 != null && p99 > StatusThresholds.P99_SECONDS_MAX) {
            warnings.add(new Warning(
                    "latency_high",
                    null,
                    "99 % of predictions took up to " + Format.millis(p99) + " in the last 5 minutes (alert above "
                            + Format.millis(StatusThresholds.P99_SECONDS_MAX) + ")"));
        }
    }

    private static void log(LogStatus log, List<Warning> warnings) {
        if (log.writeFailures5m() != null && log.writeFailures5m() > StatusThresholds.WRITE_FAILURES_MAX) {
            warnings.add(new Warning(
                    "log_write_failures",
                    null,
                    "prediction log writes are failing: " + Format.count(log.writeFailures5m())
                            + " failed in the last 5 minutes"));
        }
        if (log.queueFill() != null && log.queueFill() > StatusThresholds.QUEUE_FILL_MAX) {
            warnings.add(new Warning(
                    "log_queue_full",
                    null,
                    "the prediction log queue is " + Format.percent(log.queueFill()) + " full ("
                            + Format.count(log.queueDepth()) + " of " + Format.count(log.queueCapacity())
                            + "); new predictions are refused when it is full"));
        }
    }

    private static void fairness(List<SegmentStatus> segments, List<Warning> warnings) {
        if (segments == null) {
            return;
        }
        for (SegmentStatus segment : segments) {
            Double ratio = segment.adverseImpactRatio();
            if (ratio != null && ratio < StatusThresholds.ADVERSE_IMPACT_RATIO_MIN) {
                String lowest = segment.groups().stream()
                        .filter(g -> ratio.equals(g.impactRatio()))
                        .map(SegmentStatus.Group::group)
                        .findFirst()
                        .orElse("?");
                warnings.add(new Warning(
                        "adverse_impact",
                        segment.segment(),
                        "in segment " + segment.segment() + ", group " + lowest + " is approved at "
                                + Format.fixed(ratio, 2) + " times the rate of the most approved group (below the"
                                + " four-fifths rule)"));
            }
        }
    }
}
