package org.loanmodel.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.ConfusionCell;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;
import org.loanmodel.training.LoanDataGenerator;
import org.loanmodel.training.Trainer;
import org.loanmodel.training.TrainerSettings;
import org.loanmodel.training.TrainingProgress;

/**
 * A challenger scores the champion's traffic in its shadow; outcomes judge both; roles change
 * without a restart, under load, and survive one.
 */
class ChampionChallengerTest {
    private static final String TOKEN = "admin-token-0123456789abcdef";

    @TempDir
    static Path models;

    private static LoanModel champion;
    private static LoanModel challenger;
    private static Path challengerFile;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() throws Exception {
        champion = ModelArtifact.loadDefault();
        // A small, rougher forest: it disagrees with the champion on some applicants.
        TrainerSettings small = TrainerSettings.builder()
                .rows(600)
                .generatorSeed(7)
                .labelNoise(0.1)
                .trees(5)
                .maxDepth(3)
                .trainerSeed(7)
                .build();
        challenger = new Trainer(Clock.systemUTC())
                .train(small, TrainingProgress.SILENT)
                .model();
        challengerFile = models.resolve("challenger.json");
        ModelArtifact.save(challenger, challengerFile);
    }

    private ServeSettings settings(String name) {
        return ServeSettings.ephemeral(dir.resolve(name + ".db").toString()).toBuilder()
                .challengerPaths(List.of(challengerFile))
                .modelDir(dir.resolve("models"))
                .feedbackTokens(List.of(TOKEN))
                .build();
    }

    private static String body(LoanApplication application) {
        return org.loanmodel.client.LoanApiClient.applicationJson(application);
    }

    private static HttpResponse<String> send(RunningServer server, String method, String path, String body) {
        return server.api().sendWithToken(method, path, body, TOKEN);
    }

    @Test
    void eachVersionGetsItsOwnConfusionCountsFromTheSameTraffic() {
        try (RunningServer server = RunningServer.start(settings("traffic"), Clock.systemUTC())) {
            LoanDataGenerator generator = new LoanDataGenerator(99, 0.0);
            Map<String, Double> expected = new TreeMap<>();
            int agreements = 0;
            int requests = 300;
            for (int i = 0; i < requests; i++) {
                LoanApplication application = generator.nextApplication();
                JsonNode decision = Json.body(server.api().postJson("/predict", body(application)));
                assertThat(decision.get("model_version").asText()).isEqualTo(champion.version());
                int actual = LoanDataGenerator.approvalRule(application) ^ (i % 7 == 0 ? 1 : 0);
                int championClass = decision.get("approval_status").asInt();
                int challengerClass = challenger.approval(challenger.probability(application));
                agreements += championClass == challengerClass ? 1 : 0;
                if (i % 3 != 2) {
                    send(
                            server,
                            "POST",
                            "/feedback",
                            "{\"prediction_id\": \""
                                    + decision.get("prediction_id").asText() + "\", \"actual_outcome\": " + actual
                                    + "}");
                    expected.merge(key(champion.version(), ConfusionCell.of(championClass, actual)), 1.0, Double::sum);
                    expected.merge(
                            key(challenger.version(), ConfusionCell.of(challengerClass, actual)), 1.0, Double::sum);
                }
            }
            Scrape scrape = server.scrape();
            Map<String, Double> counted = new TreeMap<>();
            scrape.samples().forEach((name, value) -> {
                if (name.startsWith("model_feedback_total{") && value > 0) {
                    counted.put(name, value);
                }
            });
            assertThat(counted).isEqualTo(expected);
            assertThat(scrape.value("model_requests_total")).isEqualTo(requests);
            assertThat(scrape.value("model_challenger_decisions_total{agreement=\"agrees\",model_version=\""
                            + challenger.version() + "\"}"))
                    .isEqualTo(agreements);
            assertThat(scrape.value("model_challenger_decisions_total{agreement=\"disagrees\",model_version=\""
                            + challenger.version() + "\"}"))
                    .isEqualTo(requests - agreements);
            assertThat(agreements).isLessThan(requests);
        }
    }

    private static String key(String version, ConfusionCell cell) {
        return "model_feedback_total{model_version=\"" + version + "\",outcome=\"" + cell.code() + "\"}";
    }

    @Test
    void administrationNeedsATokenAndIsClosedWithoutOne() {
        ServeSettings open = ServeSettings.ephemeral(dir.resolve("open.db").toString()).toBuilder()
                .modelDir(dir.resolve("open-models"))
                .build();
        try (RunningServer server = RunningServer.start(open, Clock.systemUTC())) {
            HttpResponse<String> closed = server.api().get("/admin/models");
            assertThat(closed.statusCode()).isEqualTo(403);
            assertThat(Json.body(closed).get("error").asText())
                    .isEqualTo("administration is disabled: no token is configured (set FEEDBACK_TOKENS or"
                            + " --feedback-token)");
        }
        try (RunningServer server = RunningServer.start(settings("closed"), Clock.systemUTC())) {
            assertThat(server.api().get("/admin/models").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aModelDirectoryThatCannotBeWrittenRefusesChangesAndChangesNothing() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("not-a-folder"), "x");
        ServeSettings readOnly = ServeSettings.ephemeral(
                        dir.resolve("read-only.db").toString())
                .toBuilder()
                .modelDir(file.resolve("models"))
                .feedbackTokens(List.of(TOKEN))
                .build();
        LoanModel candidate = new Trainer(Clock.systemUTC())
                .train(
                        TrainerSettings.builder()
                                .rows(600)
                                .generatorSeed(9)
                                .trees(3)
                                .maxDepth(3)
                                .trainerSeed(9)
                                .build(),
                        TrainingProgress.SILENT)
                .model();
        try (RunningServer server = RunningServer.start(readOnly, Clock.systemUTC())) {
            String served = server.server().model().version();
            HttpResponse<String> refused = send(server, "POST", "/admin/models", ModelArtifact.toJson(candidate));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(Json.body(refused).get("code").asText()).isEqualTo("model_directory_unwritable");
            assertThat(Json.body(refused).get("error").asText())
                    .isEqualTo("cannot write " + candidate.version() + ".json to the model directory "
                            + file.resolve("models") + " (set --model-dir to a writable folder)");
            JsonNode listed = Json.body(send(server, "GET", "/admin/models", null));
            assertThat(listed.get("models")).hasSize(1);
            assertThat(listed.at("/models/0/version").asText()).isEqualTo(served);
            assertThat(send(server, "PUT", "/admin/models/" + candidate.version() + "/role", "{\"role\": \"champion\"}")
                            .statusCode())
                    .isEqualTo(404);
            assertThat(Json.body(server.api().postJson("/predict", body(new LoanDataGenerator(1, 0).nextApplication())))
                            .get("model_version")
                            .asText())
                    .isEqualTo(served);
        }
    }

    @Test
    void rolesChangeWithoutARestartAndARestartKeepsThem() throws Exception {
        String promoted;
        try (RunningServer server = RunningServer.start(settings("roles"), Clock.systemUTC())) {
            JsonNode listed = Json.body(send(server, "GET", "/admin/models", null));
            assertThat(listed.at("/models/0/version").asText()).isEqualTo(champion.version());
            assertThat(listed.at("/models/0/role").asText()).isEqualTo("champion");
            assertThat(listed.at("/models/1/role").asText()).isEqualTo("challenger");
            assertThat(listed.at("/models/0/holdout/accuracy").asDouble())
                    .isEqualTo(champion.metadata().holdout().accuracy());

            TrainerSettings third = TrainerSettings.builder()
                    .rows(600)
                    .generatorSeed(8)
                    .trees(4)
                    .maxDepth(4)
                    .trainerSeed(8)
                    .build();
            LoanModel uploaded = new Trainer(Clock.systemUTC())
                    .train(third, TrainingProgress.SILENT)
                    .model();
            HttpResponse<String> created = send(server, "POST", "/admin/models", ModelArtifact.toJson(uploaded));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(Json.body(created).get("role").asText()).isEqualTo("retired");
            HttpResponse<String> edited = send(
                    server,
                    "POST",
                    "/admin/models",
                    ModelArtifact.toJson(uploaded).replace("\"threshold\" : 0.5", "\"threshold\" : 0.4"));
            assertThat(edited.statusCode()).isEqualTo(400);
            assertThat(Json.body(edited).get("code").asText()).isEqualTo("invalid_model");
            String createdAt = uploaded.metadata().createdAt();
            HttpResponse<String> again = send(
                    server,
                    "POST",
                    "/admin/models",
                    ModelArtifact.toJson(uploaded).replace(createdAt, "2001-01-01T00:00:00Z"));
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(Json.body(again).get("created_at").asText()).isEqualTo(createdAt);
            HttpResponse<String> nothing = send(server, "POST", "/admin/models", "null");
            assertThat(nothing.statusCode()).isEqualTo(400);
            assertThat(Json.body(nothing).get("error").asText())
                    .isEqualTo("the uploaded artifact holds JSON null, not a model artifact object");

            promoted = uploaded.version();
            assertThat(send(server, "PUT", "/admin/models/" + promoted + "/role", "{\"role\": \"champion\"}")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(Json.body(server.api().postJson("/predict", body(new LoanDataGenerator(1, 0).nextApplication())))
                            .get("model_version")
                            .asText())
                    .isEqualTo(promoted);
            assertThat(Json.body(server.api().get("/model")).get("version").asText())
                    .isEqualTo(promoted);
            HttpResponse<String> demote =
                    send(server, "PUT", "/admin/models/" + promoted + "/role", "{\"role\": \"retired\"}");
            assertThat(demote.statusCode()).isEqualTo(409);
            assertThat(Json.body(demote).get("error").asText())
                    .isEqualTo("model " + promoted
                            + " is the champion; promote another model to champion first, or roll back");
            assertThat(send(server, "PUT", "/admin/models/000000000000/role", "{\"role\": \"champion\"}")
                            .statusCode())
                    .isEqualTo(404);
            assertThat(Json.body(send(server, "PUT", "/admin/models/" + promoted + "/role", "{\"role\": \"boss\"}"))
                            .get("error")
                            .asText())
                    .isEqualTo("role must be one of champion, challenger, retired, got 'boss'");
        }
        try (RunningServer restarted = RunningServer.start(settings("roles"), Clock.systemUTC())) {
            assertThat(restarted.server().model().version()).isEqualTo(promoted);
            HttpResponse<String> rolledBack = send(restarted, "POST", "/admin/rollback", null);
            assertThat(rolledBack.statusCode()).isEqualTo(200);
            assertThat(Json.body(rolledBack).at("/models/0/version").asText()).isEqualTo(champion.version());
            assertThat(Files.exists(dir.resolve("models").resolve(promoted + ".json")))
                    .isTrue();
        }
    }

    @Test
    void promotionUnderLoadFailsNoRequestAndMixesNoVersions() throws Exception {
        try (RunningServer server = RunningServer.start(settings("load"), Clock.systemUTC())) {
            ExecutorService clients = Executors.newFixedThreadPool(16);
            AtomicBoolean promotedDone = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> afterPromotion = new ConcurrentLinkedQueue<>();
            String body = body(new LoanDataGenerator(5, 0).nextApplication());
            List<Future<Integer>> sent = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                sent.add(clients.submit(() -> {
                    int count = 0;
                    while (!stop.get()) {
                        boolean startedAfter = promotedDone.get();
                        HttpResponse<String> answer = server.api().postJson("/predict", body);
                        count++;
                        if (answer.statusCode() != 200) {
                            problems.add(answer.statusCode() + " " + answer.body());
                            continue;
                        }
                        String version = Json.body(answer).get("model_version").asText();
                        if (!Set.of(champion.version(), challenger.version()).contains(version)) {
                            problems.add("unexpected version " + version);
                        }
                        if (startedAfter) {
                            afterPromotion.add(version);
                        }
                    }
                    return count;
                }));
            }
            org.loanmodel.testing.Await.value(
                    java.time.Duration.ofSeconds(120),
                    "traffic before the promotion",
                    () -> server.scrape().value("model_success_total"),
                    v -> v >= 200);
            assertThat(send(
                                    server,
                                    "PUT",
                                    "/admin/models/" + challenger.version() + "/role",
                                    "{\"role\": \"champion\"}")
                            .statusCode())
                    .isEqualTo(200);
            promotedDone.set(true);
            org.loanmodel.testing.Await.value(
                    java.time.Duration.ofSeconds(120),
                    "traffic after the promotion",
                    () -> afterPromotion.size(),
                    n -> n >= 200);
            stop.set(true);
            int total = 0;
            for (Future<Integer> client : sent) {
                total += client.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();
            assertThat(problems).isEmpty();
            assertThat(afterPromotion).containsOnly(challenger.version());
            System.out.println("promotion under load: " + total + " requests from 16 clients, " + afterPromotion.size()
                    + " started after the promotion returned, all answered by " + challenger.version());
        }
    }
}
