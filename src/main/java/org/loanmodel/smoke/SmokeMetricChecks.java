package org.loanmodel.smoke;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.loanmodel.client.LoanApiClient;
import org.loanmodel.client.MetricSamples;
import org.loanmodel.client.ServedModel;

/**
 * The metric half of {@code smoke}: every documented family is exposed, one feature gauge per
 * feature of the served schema included, and each counter grew by at least what smoke's own requests
 * caused between the baseline scrape and a scrape after them (at least, because a live service has
 * other traffic too).
 */
final class SmokeMetricChecks {
    /** Families a dashboard of the original system or of this one reads, whatever the schema. */
    static final List<String> DOCUMENTED = List.of(
            "model_requests_total",
            "model_success_total",
            "model_errors_total",
            "model_prediction_latency_seconds",
            "model_prediction_values",
            "model_predictions_by_class_total",
            "model_accuracy",
            "model_feedback_total",
            "model_drift_observations_total",
            "model_drift_psi",
            "model_info");

    private final LoanApiClient client;
    private final SmokeTraffic traffic;
    private final ServedModel served;
    private final List<CheckResult> results = new ArrayList<>();

    /** @param served the served model, or null when it could not be read (then no feature is checked) */
    SmokeMetricChecks(LoanApiClient client, SmokeTraffic traffic, ServedModel served) {
        this.client = client;
        this.traffic = traffic;
        this.served = served;
    }

    /** The documented families, with {@code model_feature_<name>} for each served feature. */
    private List<String> documented() {
        List<String> names = new ArrayList<>(DOCUMENTED);
        if (served != null) {
            served.schema().names().forEach(name -> names.add("model_feature_" + name));
        }
        return names;
    }

    /**
     * Scrapes again and compares with {@code before}.
     *
     * @param before the baseline scrape, or null when it failed (then every check is skipped)
     */
    List<CheckResult> run(MetricSamples before) {
        String idle = traffic.apiAnswered() ? "smoke caused nothing to count" : "API unreachable";
        List<Moving> moving = movingChecks(idle);
        if (before == null) {
            String why = "no baseline scrape (see 'metrics endpoint answers')";
            results.add(CheckResult.skip("documented metrics present", why));
            moving.forEach(m -> results.add(CheckResult.skip(m.name(), why)));
            results.add(CheckResult.skip("model_accuracy set by feedback", why));
            return List.copyOf(results);
        }
        MetricSamples after;
        try {
            after = client.scrape();
        } catch (RuntimeException e) {
            String why = "scrape after the requests failed: " + e.getMessage();
            results.add(CheckResult.fail("documented metrics present", why));
            moving.forEach(m -> results.add(CheckResult.fail(m.name(), why)));
            results.add(CheckResult.fail("model_accuracy set by feedback", why));
            return List.copyOf(results);
        }
        documentedPresent(after);
        moving.forEach(m -> results.add(m.check(before, after)));
        accuracySet(after);
        return List.copyOf(results);
    }

    private void documentedPresent(MetricSamples after) {
        String name = "documented metrics present";
        List<String> documented = documented();
        List<String> missing =
                documented.stream().filter(f -> !after.hasFamily(f)).toList();
        String unchecked = served == null ? " (no feature gauges: served schema unknown)" : "";
        results.add(
                missing.isEmpty()
                        ? CheckResult.pass(name, "all " + documented.size() + " families" + unchecked)
                        : CheckResult.fail(name, "missing: " + String.join(", ", missing)));
    }

    /**
     * A counter that must have grown by at least what smoke caused.
     *
     * @param name the check's name
     * @param read reads the counter from a scrape
     * @param caused how much smoke's own requests add
     * @param what what smoke did, for the report
     * @param idle why the check is skipped when smoke caused nothing
     */
    private record Moving(String name, ToDoubleFunction<MetricSamples> read, int caused, String what, String idle) {
        CheckResult check(MetricSamples before, MetricSamples after) {
            if (caused == 0) {
                return CheckResult.skip(name, idle);
            }
            long delta = Math.round(read.applyAsDouble(after) - read.applyAsDouble(before));
            String seen = "+" + delta + " (" + what + ")";
            return delta >= caused
                    ? CheckResult.pass(name, seen)
                    : CheckResult.fail(name, seen + ", expected at least +" + caused);
        }
    }

    private List<Moving> movingChecks(String idle) {
        String decision = "smoke got " + traffic.decided() + " decision" + (traffic.decided() == 1 ? "" : "s");
        String ofClass = traffic.approval() < 0 ? "" : " of class " + traffic.approval();
        String feature = served == null ? "" : served.schema().name(0);
        return List.of(
                new Moving(
                        "model_requests_total moved",
                        s -> s.sum("model_requests_total"),
                        traffic.predictAnswered(),
                        "smoke sent " + traffic.predictAnswered() + " predictions",
                        idle),
                new Moving(
                        "model_success_total moved",
                        s -> s.sum("model_success_total"),
                        traffic.decided(),
                        decision,
                        idle),
                new Moving(
                        "model_errors_total moved",
                        s -> s.sum("model_errors_total", "reason", "invalid_input"),
                        traffic.rejected(),
                        "smoke got " + traffic.rejected() + " rejections",
                        idle),
                new Moving(
                        "model_prediction_latency_seconds moved",
                        s -> s.sum("model_prediction_latency_seconds_count"),
                        traffic.decided(),
                        decision,
                        idle),
                new Moving(
                        "model_prediction_values moved",
                        s -> s.sum("model_prediction_values_count"),
                        traffic.decided(),
                        decision,
                        idle),
                new Moving(
                        "model_predictions_by_class_total moved",
                        s -> s.sum("model_predictions_by_class_total", "class", Integer.toString(traffic.approval())),
                        traffic.decided(),
                        decision + ofClass,
                        idle),
                new Moving(
                        "model_drift_observations_total moved",
                        s -> s.sum("model_drift_observations_total", "feature", feature),
                        traffic.decided(),
                        decision + ", feature " + feature,
                        idle),
                new Moving(
                        "model_feedback_total moved",
                        s -> s.sum("model_feedback_total"),
                        traffic.labelled(),
                        "smoke sent " + traffic.labelled() + " feedback",
                        idle));
    }

    private void accuracySet(MetricSamples after) {
        String name = "model_accuracy set by feedback";
        if (traffic.labelled() == 0) {
            results.add(CheckResult.skip(name, "smoke sent no feedback"));
            return;
        }
        double accuracy = after.value("model_accuracy").orElse(Double.NaN);
        results.add(
                accuracy >= 0 && accuracy <= 1
                        ? CheckResult.pass(name, Double.toString(accuracy))
                        : CheckResult.fail(name, "expected a value between 0 and 1, got " + accuracy));
    }
}
