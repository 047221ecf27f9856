package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.testing.Databases;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RawHttp;
import org.loanmodel.testing.RunningServer;

/** Every denial answers its principal reasons, exactly as the shipped model scored it. */
class AdverseActionReasonsTest {
    @TempDir
    Path dir;

    private RunningServer server;

    @BeforeEach
    void start() {
        server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("log.db").toString()), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode predict(String path, int income, int loanAmount, int creditScore) {
        return Json.body(server.api()
                .postJson(
                        path,
                        "{\"age\": 35, \"income\": " + income + ", \"loan_amount\": " + loanAmount
                                + ", \"loan_term\": 36, \"credit_score\": " + creditScore
                                + ", \"employment_status\": 1, \"loan_purpose\": 1}"));
    }

    /** The first column of every row {@code select} gives in the SQLite log {@code file}, as text. */
    private static List<String> query(Path file, String select) {
        return Databases.column("jdbc:sqlite:" + file, select);
    }

    @Test
    void theServedVersionsReasonWordsAreOnRecordBeforeItsFirstDenialAndNoneWithReasonsOff() {
        String version = server.server().model().version();
        int words = server.server().model().schema().features().stream()
                .mapToInt(feature -> 2 + feature.categories().size())
                .sum();
        // Closing writes everything the writer was given: here, nothing but the words.
        server.close();
        Path log = dir.resolve("log.db");
        assertThat(query(log, "SELECT COUNT(*) FROM predictions")).containsExactly("0");
        assertThat(query(log, "SELECT COUNT(*) FROM reason_texts WHERE model_version = '" + version + "'"))
                .containsExactly(String.valueOf(words));
        assertThat(query(log, "SELECT text FROM reason_texts WHERE code = 'R_CREDIT_SCORE' ORDER BY variant"))
                .containsExactly("credit score too low", "credit score not provided");

        server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("off.db").toString()).toBuilder()
                        .reasons(false)
                        .build(),
                Clock.systemUTC());
        server.close();
        assertThat(query(dir.resolve("off.db"), "SELECT COUNT(*) FROM reason_texts"))
                .containsExactly("0");
        server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("again.db").toString()), Clock.systemUTC());
    }

    @Test
    void theFeatureThatSankTheApplicantComesFirst() {
        assertThat(predict("/predict", 75_000, 25_000, 720).get("reasons")).isEmpty();

        JsonNode lowScore = predict("/predict", 75_000, 25_000, 550);
        assertThat(lowScore.get("approval_status").asInt()).isZero();
        assertThat(lowScore.at("/reasons/0/feature").asText()).isEqualTo("credit_score");
        assertThat(lowScore.at("/reasons/0/code").asText()).isEqualTo("R_CREDIT_SCORE");
        assertThat(lowScore.at("/reasons/0/text").asText()).isEqualTo("credit score too low");
        assertThat(lowScore.get("reasons").size()).isBetween(1, 4);

        assertThat(predict("/predict", 25_000, 25_000, 720)
                        .at("/reasons/0/feature")
                        .asText())
                .isEqualTo("income");
        assertThat(predict("/predict", 75_000, 45_000, 720)
                        .at("/reasons/0/feature")
                        .asText())
                .isEqualTo("loan_amount");

        double counted = server.scrape()
                .value("model_adverse_action_reasons_total{model_version=\""
                        + server.server().model().version() + "\",reason=\"R_CREDIT_SCORE\"}");
        assertThat(counted).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void anExplainParameterThatIsNeitherTrueNorFalseIsRefusedBeforeAnythingIsDecided() throws IOException {
        String body = "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000, \"loan_term\": 36,"
                + " \"credit_score\": 550, \"employment_status\": 1, \"loan_purpose\": 1}";
        JsonNode unknown = Json.body(server.api().postJson("/predict?explain=yes", body));
        assertThat(unknown.get("status").asInt()).isEqualTo(400);
        assertThat(unknown.get("field").asText()).isEqualTo("explain");
        assertThat(unknown.get("error").asText())
                .isEqualTo("query parameter 'explain' must be true or false, got 'yes'");
        String raw = "POST /predict?explain=% HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        RawHttp.Answer answer = RawHttp.exchange(server.server().apiPort(), raw.getBytes(StandardCharsets.US_ASCII));
        assertThat(answer.status()).isEqualTo(400);
        JsonNode broken = Json.parse(answer.body());
        assertThat(broken.get("code").asText()).isEqualTo("malformed_query");
        assertThat(broken.get("error").asText()).isEqualTo("query string is not valid URL encoding: explain=%");

        assertThat(server.scrape().value("model_requests_total")).isEqualTo(2.0);
        assertThat(server.scrape().value("model_success_total")).isZero();
        assertThat(predict("/predict?explain=false", 75_000, 25_000, 550).has("explanation"))
                .isFalse();
    }

    @Test
    void reasonsCanBeTurnedOffWhileExplanationsStayOnRequest() {
        server.close();
        server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("off.db").toString()).toBuilder()
                        .reasons(false)
                        .build(),
                Clock.systemUTC());
        JsonNode denied = predict("/predict", 75_000, 25_000, 550);
        assertThat(denied.get("approval_status").asInt()).isZero();
        assertThat(denied.get("reasons")).isEmpty();
        JsonNode explained = predict("/predict?explain=true", 75_000, 25_000, 550);
        assertThat(explained.get("reasons")).isEmpty();
        assertThat(explained.at("/explanation/contributions/credit_score").asDouble())
                .isNegative();
        assertThat(server.scrape().samples().keySet())
                .noneMatch(name -> name.startsWith("model_adverse_action_reasons_total{"));
    }

    @Test
    void aMinimumShareKeepsOnlyTheReasonsThatMatteredAndTheRecordKeepsThoseGiven() {
        String token = "audit-token-0123456789abcdef";
        server.close();
        server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("share.db").toString()).toBuilder()
                        .reasonsMinShare(0.05)
                        .feedbackTokens(java.util.List.of(token))
                        .build(),
                Clock.systemUTC());
        JsonNode denied = predict("/predict", 75_000, 45_000, 720);
        assertThat(denied.get("approval_status").asInt()).isZero();
        assertThat(denied.get("reasons")).hasSize(1);
        assertThat(denied.at("/reasons/0/code").asText()).isEqualTo("R_LOAN_AMOUNT");
        JsonNode record = Json.body(server.api()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                                + server.server().apiPort() + "/predictions/"
                                + denied.get("prediction_id").asText()))
                        .header("Authorization", "Bearer " + token)
                        .GET()));
        assertThat(record.get("reasons")).isEqualTo(denied.get("reasons"));
        // The explanation still holds every contribution, the small ones too.
        assertThat(record.at("/explanation/contributions/age").asDouble()).isNegative();
        String version = server.server().model().version();
        assertThat(server.scrape()
                        .value("model_adverse_action_reasons_total{model_version=\"" + version
                                + "\",reason=\"R_LOAN_AMOUNT\"}"))
                .isEqualTo(1.0);
        // Every reason the schema can name has its series from the start; the others stay at zero.
        Map<String, Double> others = new TreeMap<>(server.scrape().samples());
        others.keySet()
                .removeIf(name ->
                        !name.startsWith("model_adverse_action_reasons_total{") || name.contains("R_LOAN_AMOUNT"));
        assertThat(others.keySet())
                .extracting(name -> name.replaceAll(".*reason=\"(\\w+)\".*", "$1"))
                .containsExactly(
                        "R_AGE", "R_CREDIT_SCORE", "R_EMPLOYMENT_STATUS", "R_INCOME", "R_LOAN_PURPOSE", "R_LOAN_TERM");
        assertThat(others.values()).containsOnly(0.0);
    }

    @Test
    void theAuditLookupAnswersTheDecisionFromTheRecordAndNeedsAToken() {
        String token = "audit-token-0123456789abcdef";
        assertThat(server.api().get("/predictions/x").statusCode()).isEqualTo(403);
        server.close();
        server = RunningServer.start(
                ServeSettings.ephemeral(dir.resolve("audit.db").toString()).toBuilder()
                        .feedbackTokens(java.util.List.of(token))
                        .build(),
                Clock.systemUTC());
        JsonNode denied = predict("/predict", 75_000, 25_000, 550);
        String id = denied.get("prediction_id").asText();
        assertThat(server.api().get("/predictions/" + id).statusCode()).isEqualTo(401);
        java.util.function.Function<String, java.net.http.HttpResponse<String>> get = path -> server.api()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                "http://127.0.0.1:" + server.server().apiPort() + path))
                        .header("Authorization", "Bearer " + token)
                        .GET());
        JsonNode record = Json.body(get.apply("/predictions/" + id));
        assertThat(record.get("reasons")).isEqualTo(denied.get("reasons"));
        assertThat(record.get("features")).isEqualTo(denied.get("features_received"));
        assertThat(record.get("probability").asDouble())
                .isEqualTo(denied.get("probability").asDouble());
        assertThat(record.get("model_version").asText())
                .isEqualTo(denied.get("model_version").asText());
        assertThat(record.get("actual_outcome").isNull()).isTrue();
        // Every contribution the reasons came from is kept: the same as an explained answer gives.
        JsonNode explained = predict("/predict?explain=true", 75_000, 25_000, 550);
        assertThat(record.get("explanation")).isEqualTo(explained.get("explanation"));
        assertThat(record.at("/explanation/scale").asText()).isEqualTo("probability");
        String approvedId =
                predict("/predict", 75_000, 25_000, 720).get("prediction_id").asText();
        assertThat(Json.body(get.apply("/predictions/" + approvedId))
                        .get("explanation")
                        .isNull())
                .isTrue();
        server.api()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                "http://127.0.0.1:" + server.server().apiPort() + "/feedback"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"prediction_id\": \"" + id + "\", \"actual_outcome\": 0}")));
        JsonNode labelled = Json.body(get.apply("/predictions/" + id));
        assertThat(labelled.get("actual_outcome").asInt()).isZero();
        assertThat(labelled.get("labelled_at").asText()).isNotEmpty();
        assertThat(get.apply("/predictions/never-issued").statusCode()).isEqualTo(404);
    }

    @Test
    void explainTrueAnswersContributionsThatAddUpToTheProbability() {
        JsonNode answer = predict("/predict?explain=true", 75_000, 25_000, 550);
        JsonNode explanation = answer.get("explanation");
        double sum = explanation.get("base_value").asDouble();
        int features = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        explanation.get("contributions").fields();
                it.hasNext(); ) {
            sum += it.next().getValue().asDouble();
            features++;
        }
        assertThat(features).isEqualTo(7);
        assertThat(sum).isCloseTo(answer.get("probability").asDouble(), within(1e-9));
        double first = answer.at("/reasons/0/contribution").asDouble();
        assertThat(explanation.at("/contributions/credit_score").asDouble()).isEqualTo(first);
        assertThat(predict("/predict", 75_000, 25_000, 550).has("explanation")).isFalse();
    }
}
