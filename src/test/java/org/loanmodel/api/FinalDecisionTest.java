package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;

/**
 * The lender's final decision after human review, on {@code POST /final-decision} or beside an
 * outcome on {@code POST /feedback}: counted once per prediction by override direction, from the
 * logged model decision; the same decision again is a replay, a different one a 409.
 */
class FinalDecisionTest {
    private static final String TOKEN = "review-token-0123456789";
    private static final String APPROVED = "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000, \"loan_term\": 36,"
            + " \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}";
    private static final String DENIED = APPROVED.replace("75000", "25000");

    @TempDir
    Path dir;

    private RunningServer server;
    private String version;

    @BeforeEach
    void start() {
        server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("log.db").toString()).toBuilder()
                        .feedbackTokens(List.of(TOKEN))
                        .build(),
                Clock.systemUTC());
        version = server.server().model().version();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String predict(String body) {
        return Json.body(server.api().postJson("/predict", body))
                .get("prediction_id")
                .asText();
    }

    private HttpResponse<String> post(String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.server().apiPort() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return server.api().send(request);
    }

    private HttpResponse<String> finalDecision(String id, int decision) {
        return post(
                "/final-decision", "{\"prediction_id\": \"" + id + "\", \"final_decision\": " + decision + "}", TOKEN);
    }

    private HttpResponse<String> feedback(String id, int actual, int decision) {
        return post(
                "/feedback",
                "{\"prediction_id\": \"" + id + "\", \"actual_outcome\": " + actual + ", \"final_decision\": "
                        + decision + "}",
                TOKEN);
    }

    private Map<String, Double> overrides() {
        Map<String, Double> counts = new TreeMap<>();
        for (String direction : List.of("none", "model_approved_lender_denied", "model_denied_lender_approved")) {
            counts.put(
                    direction,
                    server.scrape()
                            .value("model_final_decisions_total{model_version=\"" + version + "\",override=\""
                                    + direction + "\"}"));
        }
        return counts;
    }

    private String answer(String id, int finalDecision, int approval, String override) {
        return "{\"success\":true,\"prediction_id\":\"" + id + "\",\"final_decision\":" + finalDecision
                + ",\"approval_status\":" + approval + ",\"override\":\"" + override + "\",\"model_version\":\""
                + version + "\"}";
    }

    @Test
    void overridesInBothDirectionsAreCountedOnceEachFromTheLoggedDecision() {
        String approvedDenied = predict(APPROVED);
        String deniedApproved = predict(DENIED);
        String approvedKept = predict(APPROVED);
        String deniedKept = predict(DENIED);

        HttpResponse<String> first = finalDecision(approvedDenied, 0);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(answer(approvedDenied, 0, 1, "model_approved_lender_denied"));
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(finalDecision(deniedApproved, 1).body())
                .isEqualTo(answer(deniedApproved, 1, 0, "model_denied_lender_approved"));
        assertThat(finalDecision(deniedKept, 0).body()).isEqualTo(answer(deniedKept, 0, 0, "none"));
        HttpResponse<String> withOutcome = feedback(approvedKept, 1, 1);
        assertThat(Json.body(withOutcome).get("outcome").asText()).isEqualTo("tp");
        assertThat(Json.body(withOutcome).get("final_decision").asInt()).isEqualTo(1);
        assertThat(Json.body(withOutcome).get("override").asText()).isEqualTo("none");

        assertThat(overrides())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("none", 2.0, "model_approved_lender_denied", 1.0, "model_denied_lender_approved", 1.0));
    }

    @Test
    void sameFinalDecisionAgainIsAReplayAndADifferentOneA409() {
        String id = predict(APPROVED);
        finalDecision(id, 0);
        Scrape before = server.scrape();

        HttpResponse<String> replay = finalDecision(id, 0);
        HttpResponse<String> conflict = finalDecision(id, 1);

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(replay.body()).isEqualTo(answer(id, 0, 1, "model_approved_lender_denied"));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body())
                .isEqualTo("{\"status\":409,\"code\":\"final_decision_conflict\",\"field\":\"final_decision\","
                        + "\"error\":\"prediction '" + id + "' already has final_decision 0; refusing 1\"}");
        assertThat(overrides())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("none", 0.0, "model_approved_lender_denied", 1.0, "model_denied_lender_approved", 0.0));
        assertThat(server.scrape().value("model_feedback_rejected_total{reason=\"conflict\"}"))
                .isEqualTo(before.value("model_feedback_rejected_total{reason=\"conflict\"}") + 1);
    }

    @Test
    void feedbackWhoseFinalDecisionContradictsTheRecordStoresNeitherPart() {
        String id = predict(DENIED);
        finalDecision(id, 1);

        HttpResponse<String> refused = feedback(id, 0, 0);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Json.body(refused).get("code").asText()).isEqualTo("final_decision_conflict");
        assertThat(server.scrape().value("model_feedback_total{model_version=\"" + version + "\",outcome=\"tn\"}"))
                .isZero();

        // The outcome was not stored: it can still be recorded, and the final decision beside it replays.
        HttpResponse<String> corrected = feedback(id, 0, 1);
        assertThat(corrected.statusCode()).isEqualTo(200);
        assertThat(corrected.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(Json.body(corrected).get("override").asText()).isEqualTo("model_denied_lender_approved");
        assertThat(server.scrape().value("model_feedback_total{model_version=\"" + version + "\",outcome=\"tn\"}"))
                .isEqualTo(1);
        assertThat(overrides().get("model_denied_lender_approved")).isEqualTo(1);
        assertThat(feedback(id, 0, 1).headers().firstValue("Idempotent-Replayed"))
                .hasValue("true");
    }

    @Test
    void finalDecisionNeedsADecisionThisServiceMadeAndAToken() {
        HttpResponse<String> unknown = finalDecision("never-issued", 1);
        HttpResponse<String> unverifiedForm = post(
                "/feedback",
                "{\"prediction_id\": \"0\", \"actual_outcome\": 1, \"predicted_outcome\": 1, \"final_decision\": 1}",
                TOKEN);
        HttpResponse<String> anonymous =
                post("/final-decision", "{\"prediction_id\": \"x\", \"final_decision\": 1}", null);

        assertThat(unknown.body())
                .isEqualTo("{\"status\":404,\"code\":\"unknown_prediction\",\"field\":\"prediction_id\",\"error\":\"no"
                        + " prediction with id 'never-issued' (a final_decision needs a decision this service"
                        + " made)\"}");
        assertThat(unverifiedForm.statusCode()).isEqualTo(404);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body())
                .isEqualTo("{\"status\":401,\"code\":\"unauthorized\",\"field\":null,\"error\":\"a final decision needs"
                        + " the header 'Authorization: Bearer <token>' with a configured token\"}");
        assertThat(server.scrape().value("model_feedback_unverified_total{outcome=\"tp\"}"))
                .isZero();
    }

    @Test
    void malformedFinalDecisionsNameTheFieldAndTheRule() {
        assertThat(Json.body(post("/final-decision", "{\"prediction_id\": \"x\"}", TOKEN))
                        .get("error")
                        .asText())
                .isEqualTo("field 'final_decision' is required (0 or 1)");
        assertThat(Json.body(post("/final-decision", "{\"prediction_id\": \"x\", \"final_decision\": 2}", TOKEN))
                        .get("error")
                        .asText())
                .isEqualTo("field 'final_decision' must be 0 or 1, got 2");
        assertThat(Json.body(post(
                                "/final-decision",
                                "{\"prediction_id\": \"x\", \"final_decision\": 1, \"actual_outcome\": 1}",
                                TOKEN))
                        .get("error")
                        .asText())
                .isEqualTo("field 'actual_outcome' is not part of a final decision; expected prediction_id and"
                        + " final_decision");
        assertThat(post("/final-decision", "{\"prediction_id\": \"x\", \"final_decision\": 1}", TOKEN)
                        .statusCode())
                .isEqualTo(404);
        assertThat(server.scrape().value("model_feedback_rejected_total{reason=\"invalid_input\"}"))
                .isEqualTo(3);
    }
}
