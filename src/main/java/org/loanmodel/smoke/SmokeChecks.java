package org.loanmodel.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.loanmodel.client.ApiResponse;
import org.loanmodel.client.EndpointUnreachableException;
import org.loanmodel.client.LoanApiClient;
import org.loanmodel.client.MetricSamples;
import org.loanmodel.client.ServedModel;

/**
 * The checks of {@code smoke}, in the order of the original system's test script: a baseline scrape,
 * health (and the served schema, which the requests follow), a valid prediction, invalid inputs,
 * feedback for that prediction; then the metric checks of {@link SmokeMetricChecks} against what
 * these requests caused.
 *
 * <p>Example: {@code SmokeReport report = new SmokeChecks(client).run(); report.passed()}.
 */
public final class SmokeChecks {
    private static final Set<String> ERROR_SHAPE = Set.of("status", "code", "field", "error");
    private static final String VALID = "predict a valid application";
    private static final String FEEDBACK = "feedback for that prediction";

    private final LoanApiClient client;
    private final List<CheckResult> results = new ArrayList<>();
    private ServedModel served;
    private SmokeRequests requests;
    private int predictAnswered;
    private int rejected;
    private int decided;
    private int approval = -1;
    private String predictionId;
    private int labelled;

    public SmokeChecks(LoanApiClient client) {
        this.client = client;
    }

    /** Runs every check once and returns the results in order. */
    public SmokeReport run() {
        MetricSamples before = baselineScrape();
        boolean apiAnswers = health();
        if (requests != null) {
            predict();
            requests.invalid().forEach(this::reject);
            feedback();
        } else {
            skipApiChecks(apiAnswers ? "served schema unknown (see 'health')" : "API unreachable");
        }
        SmokeTraffic traffic = new SmokeTraffic(apiAnswers, predictAnswered, rejected, decided, approval, labelled);
        results.addAll(new SmokeMetricChecks(client, traffic, served).run(before));
        return new SmokeReport(results);
    }

    private MetricSamples baselineScrape() {
        String name = "metrics endpoint answers";
        try {
            MetricSamples samples = client.scrape();
            results.add(CheckResult.pass(
                    name,
                    samples.samples().size() + " samples in "
                            + samples.families().size() + " families"));
            return samples;
        } catch (RuntimeException e) {
            results.add(CheckResult.fail(name, e.getMessage()));
            return null;
        }
    }

    /** Checks {@code /health}, then reads the served schema; returns whether the API answered at all. */
    private boolean health() {
        String name = "health";
        ApiResponse response;
        try {
            response = client.health();
        } catch (EndpointUnreachableException e) {
            results.add(CheckResult.fail(name, e.getMessage()));
            return false;
        }
        String schemaProblem = readServedModel();
        JsonNode body = response.status() == 200 ? jsonOrNull(response) : null;
        if (body == null || !"healthy".equals(body.path("status").asText())) {
            results.add(CheckResult.fail(
                    name,
                    "expected 200 {\"status\": \"healthy\"}, got " + response.status() + " " + response.excerpt()));
        } else if (schemaProblem != null) {
            results.add(CheckResult.fail(name, "200 healthy, but the served schema is unknown: " + schemaProblem));
        } else {
            results.add(CheckResult.pass(
                    name,
                    "200 healthy, model " + body.path("model_version").asText("?") + ", "
                            + served.schema().size() + " features"));
        }
        return true;
    }

    /** Reads {@code GET /model}; returns what went wrong, or null. */
    private String readServedModel() {
        try {
            served = client.servedModel();
            requests = SmokeRequests.forModel(served);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static JsonNode jsonOrNull(ApiResponse response) {
        try {
            return response.json();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private void skipApiChecks(String why) {
        results.add(CheckResult.skip(VALID, why));
        // Without a schema the invalid cases are unknown; the seed's stand in for them.
        SmokeRequests.seed().invalid().forEach(c -> results.add(CheckResult.skip(c.name(), why)));
        results.add(CheckResult.skip(FEEDBACK, why));
    }

    private void predict() {
        attempt(VALID, () -> {
            ApiResponse response = client.predict(requests.valid());
            predictAnswered++;
            if (response.status() != 200) {
                return CheckResult.fail(
                        VALID, "expected 200 with a decision, got " + response.status() + " " + response.excerpt());
            }
            JsonNode body = response.json();
            String problem = decisionProblem(body);
            if (problem != null) {
                return CheckResult.fail(VALID, problem + ": " + response.excerpt());
            }
            decided++;
            approval = body.get("approval_status").asInt();
            predictionId = body.get("prediction_id").asText();
            return CheckResult.pass(
                    VALID,
                    "200 approval_status " + approval + ", probability "
                            + body.path("probability").asText("?") + ", prediction_id " + predictionId);
        });
    }

    /** What is wrong with a decision answer, or null when nothing is. */
    private String decisionProblem(JsonNode body) {
        JsonNode id = body.get("prediction_id");
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            return "prediction_id must be a non-empty string";
        }
        JsonNode status = body.get("approval_status");
        if (status == null || !status.isInt() || (status.asInt() != 0 && status.asInt() != 1)) {
            return "approval_status must be 0 or 1";
        }
        JsonNode sent = requests.validValues();
        JsonNode received = body.path("features_received");
        for (String feature : served.schema().names()) {
            if (!received.path(feature).isNumber()
                    || received.get(feature).asDouble() != sent.get(feature).asDouble()) {
                return "features_received." + feature + " must echo " + sent.get(feature);
            }
        }
        return null;
    }

    private void reject(SmokeRequests.Invalid invalid) {
        attempt(invalid.name(), () -> {
            ApiResponse response = client.predict(invalid.body());
            predictAnswered++;
            String expected = "400 " + invalid.code() + (invalid.field() == null ? "" : " on " + invalid.field());
            if (response.status() != 400) {
                return CheckResult.fail(
                        invalid.name(),
                        "expected " + expected + ", got " + response.status() + " " + response.excerpt());
            }
            rejected++;
            JsonNode body = response.json();
            String problem = errorShapeProblem(body);
            if (problem == null
                    && !(invalid.code().equals(body.get("code").asText()) && fieldMatches(body, invalid.field()))) {
                problem = "expected " + expected;
            }
            return problem == null
                    ? CheckResult.pass(invalid.name(), expected)
                    : CheckResult.fail(invalid.name(), problem + ", got " + response.excerpt());
        });
    }

    /** What is wrong with an error body's shape, or null when it is {status, code, field, error}. */
    private static String errorShapeProblem(JsonNode body) {
        Set<String> fields = new TreeSet<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            fields.add(names.next());
        }
        boolean shaped = fields.equals(ERROR_SHAPE)
                && body.get("status").asInt() == 400
                && body.get("code").isTextual()
                && (body.get("field").isNull() || body.get("field").isTextual())
                && body.get("error").isTextual()
                && !body.get("error").asText().isBlank();
        return shaped ? null : "expected the error shape {\"status\": 400, \"code\", \"field\", \"error\"}";
    }

    private static boolean fieldMatches(JsonNode body, String field) {
        JsonNode actual = body.get("field");
        return field == null ? actual.isNull() : field.equals(actual.asText());
    }

    private void feedback() {
        if (predictionId == null) {
            results.add(CheckResult.skip(FEEDBACK, "no prediction to give feedback for"));
            return;
        }
        attempt(FEEDBACK, () -> {
            ApiResponse response = client.feedback(predictionId, approval);
            if (response.status() != 200) {
                return CheckResult.fail(FEEDBACK, "expected 200, got " + response.status() + " " + response.excerpt());
            }
            JsonNode body = response.json();
            if (!body.path("success").asBoolean(false) || !body.path("correct").asBoolean(false)) {
                return CheckResult.fail(FEEDBACK, "expected success true and correct true, got " + response.excerpt());
            }
            labelled++;
            return CheckResult.pass(
                    FEEDBACK,
                    "200 outcome " + body.path("outcome").asText("?") + ", current_accuracy "
                            + body.path("current_accuracy").asText("?"));
        });
    }

    private void attempt(String name, Supplier<CheckResult> check) {
        try {
            results.add(check.get());
        } catch (RuntimeException e) {
            results.add(CheckResult.fail(name, e.getMessage()));
        }
    }
}
