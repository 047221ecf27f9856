package org.loanmodel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.loanmodel.client.ApiResponse;
import org.loanmodel.client.EndpointUnreachableException;
import org.loanmodel.client.LoanApiClient;
import org.loanmodel.client.MetricSamples;
import org.loanmodel.training.LoanDataGenerator;

/**
 * The checks of {@code smoke}, in the order of the original system's test script: a baseline scrape,
 * health, a valid prediction, invalid inputs, feedback for that prediction; then the metric checks
 * of {@link SmokeMetricChecks} against what these requests caused.
 */
final class SmokeChecks {
    static final String VALID_APPLICATION =
            "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000, \"loan_term\": 36,"
                    + " \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}";

    private static final Set<String> ERROR_SHAPE = Set.of("status", "code", "field", "error");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record InvalidCase(String name, String body, String code, String field) {}

    private static final List<InvalidCase> INVALID = List.of(
            new InvalidCase(
                    "reject a missing feature",
                    VALID_APPLICATION.replace(", \"credit_score\": 720", ""),
                    "missing_field",
                    "credit_score"),
            new InvalidCase(
                    "reject an out-of-range age",
                    VALID_APPLICATION.replace("\"age\": 35", "\"age\": 5"),
                    "out_of_range",
                    "age"),
            new InvalidCase(
                    "reject a non-numeric income",
                    VALID_APPLICATION.replace("75000", "\"lots\""),
                    "not_a_number",
                    "income"),
            new InvalidCase(
                    "reject an unknown loan_term",
                    VALID_APPLICATION.replace("\"loan_term\": 36", "\"loan_term\": 13"),
                    "not_allowed_category",
                    "loan_term"),
            new InvalidCase("reject malformed JSON", "{\"age\": 35,", "malformed_json", null));

    private final LoanApiClient client;
    private final List<CheckResult> results = new ArrayList<>();
    private int predictAnswered;
    private int rejected;
    private int decided;
    private int approval = -1;
    private String predictionId;
    private int labelled;

    SmokeChecks(LoanApiClient client) {
        this.client = client;
    }

    /** Runs every check once and returns the results in order. */
    List<CheckResult> run() {
        MetricSamples before = baselineScrape();
        boolean apiAnswers = health();
        if (apiAnswers) {
            predict();
            INVALID.forEach(this::reject);
            feedback();
        } else {
            skipApiChecks();
        }
        SmokeTraffic traffic = new SmokeTraffic(apiAnswers, predictAnswered, rejected, decided, approval, labelled);
        results.addAll(new SmokeMetricChecks(client, traffic).run(before));
        return List.copyOf(results);
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

    private boolean health() {
        String name = "health";
        try {
            ApiResponse response = client.health();
            JsonNode body = response.status() == 200 ? response.json() : null;
            if (body != null && "healthy".equals(body.path("status").asText())) {
                results.add(CheckResult.pass(
                        name, "200 healthy, model " + body.path("model_version").asText("?")));
            } else {
                results.add(CheckResult.fail(
                        name,
                        "expected 200 {\"status\": \"healthy\"}, got " + response.status() + " " + response.excerpt()));
            }
            return true;
        } catch (EndpointUnreachableException e) {
            results.add(CheckResult.fail(name, e.getMessage()));
            return false;
        } catch (RuntimeException e) {
            results.add(CheckResult.fail(name, e.getMessage()));
            return true;
        }
    }

    private void skipApiChecks() {
        String why = "API unreachable";
        results.add(CheckResult.skip("predict a valid application", why));
        INVALID.forEach(c -> results.add(CheckResult.skip(c.name(), why)));
        results.add(CheckResult.skip("feedback for that prediction", why));
    }

    private void predict() {
        String name = "predict a valid application";
        attempt(name, () -> {
            ApiResponse response = client.predict(VALID_APPLICATION);
            predictAnswered++;
            if (response.status() != 200) {
                return CheckResult.fail(
                        name, "expected 200 with a decision, got " + response.status() + " " + response.excerpt());
            }
            JsonNode body = response.json();
            String problem = decisionProblem(body);
            if (problem != null) {
                return CheckResult.fail(name, problem + ": " + response.excerpt());
            }
            decided++;
            approval = body.get("approval_status").asInt();
            predictionId = body.get("prediction_id").asText();
            return CheckResult.pass(
                    name,
                    "200 approval_status " + approval + ", probability "
                            + body.path("probability").asText("?") + ", prediction_id " + predictionId);
        });
    }

    /** What is wrong with a decision answer, or null when nothing is. */
    private static String decisionProblem(JsonNode body) {
        JsonNode id = body.get("prediction_id");
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            return "prediction_id must be a non-empty string";
        }
        JsonNode status = body.get("approval_status");
        if (status == null || !status.isInt() || (status.asInt() != 0 && status.asInt() != 1)) {
            return "approval_status must be 0 or 1";
        }
        JsonNode sent = readTree(VALID_APPLICATION);
        JsonNode received = body.path("features_received");
        for (String feature : LoanDataGenerator.SCHEMA.names()) {
            if (!received.path(feature).isNumber()
                    || received.get(feature).asDouble() != sent.get(feature).asDouble()) {
                return "features_received." + feature + " must echo " + sent.get(feature);
            }
        }
        return null;
    }

    private void reject(InvalidCase invalid) {
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
        String name = "feedback for that prediction";
        if (predictionId == null) {
            results.add(CheckResult.skip(name, "no prediction to give feedback for"));
            return;
        }
        attempt(name, () -> {
            ApiResponse response = client.feedback(predictionId, approval);
            if (response.status() != 200) {
                return CheckResult.fail(name, "expected 200, got " + response.status() + " " + response.excerpt());
            }
            JsonNode body = response.json();
            if (!body.path("success").asBoolean(false) || !body.path("correct").asBoolean(false)) {
                return CheckResult.fail(name, "expected success true and correct true, got " + response.excerpt());
            }
            labelled++;
            return CheckResult.pass(
                    name,
                    "200 outcome " + body.path("outcome").asText("?") + ", current_accuracy "
                            + body.path("current_accuracy").asText("?"));
        });
    }

    private void attempt(String name, java.util.function.Supplier<CheckResult> check) {
        try {
            results.add(check.get());
        } catch (RuntimeException e) {
            results.add(CheckResult.fail(name, e.getMessage()));
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("built-in application is not JSON", e);
        }
    }
}
