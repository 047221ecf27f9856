package org.loanmodel.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.GoldenArtifacts;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.JsonEdits;
import org.loanmodel.testing.RunningServer;

/**
 * Seeded fuzzing of model uploads: the golden five-tree artifact with one to three random edits
 * anywhere in its document (a value replaced by another kind, a field removed or added), uploaded
 * through {@code POST /admin/models}. An edit of the content changes its hash, so an upload
 * refused only for its declared version is sent again with the version the refusal names: that
 * way the edits reach every check behind the hash, as a forger who recomputes it would.
 *
 * <p>Every answer must be 200, 201, 400 or 409 in the error shape, with a message in the
 * service's words; every accepted model must then serve as champion (a denial, explained) and be
 * rolled back, without a 5xx.
 */
class ArtifactUploadFuzzTest {
    private static final String TOKEN = "upload-fuzz-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WRONG_VERSION =
            Pattern.compile("declares version (\\S+) but its content hashes to ([0-9a-f]{12})");
    private static final List<String> LIBRARY_WORDS = JsonEdits.libraryWordsAnd("`", "token");
    private static final String DENIED = "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000,"
            + " \"loan_term\": 36, \"credit_score\": 550, \"employment_status\": 1, \"loan_purpose\": 1}";

    @TempDir
    Path dir;

    private RunningServer server;

    @Test
    void editedArtifactsAreRefusedInTheServicesWordsOrServe() throws IOException {
        JsonNode golden = JSON.readTree(
                GoldenArtifacts.FOLDER.resolve(GoldenArtifacts.MODEL_V2).toFile());
        ServeSettings settings = ServeSettings.ephemeral(dir.resolve("log.db").toString()).toBuilder()
                .modelDir(dir.resolve("models"))
                .feedbackTokens(List.of(TOKEN))
                .build();
        SplittableRandom random = new SplittableRandom(20261202L);
        Set<String> accepted = new LinkedHashSet<>();
        int refused = 0;
        try (RunningServer running = RunningServer.start(settings, Clock.systemUTC())) {
            server = running;
            for (int i = 0; i < 300; i++) {
                List<String> edits = new ArrayList<>();
                JsonNode edited = JsonEdits.edited(golden, random, 3, edits);
                HttpResponse<String> answer = upload(edited.toString());
                Matcher wrong = WRONG_VERSION.matcher(answer.body());
                if (answer.statusCode() == 400
                        && wrong.find()
                        && edited.path("metadata").isObject()) {
                    ((ObjectNode) edited.get("metadata")).put("version", wrong.group(2));
                    answer = upload(edited.toString());
                }
                String what = "try " + i + " " + edits + ": " + answer.statusCode() + " " + answer.body();
                assertThat(answer.statusCode()).as(what).isIn(200, 201, 400, 409);
                JsonNode body = Json.parse(answer.body());
                if (answer.statusCode() >= 400) {
                    refused++;
                    assertThat(body.get("status").asInt()).as(what).isEqualTo(answer.statusCode());
                    assertThat(body.get("error").asText()).as(what).isNotBlank().doesNotContain(LIBRARY_WORDS);
                } else if (accepted.add(body.get("version").asText())) {
                    servesAsChampionAndRollsBack(body.get("version").asText(), what);
                }
            }
        }
        // Both branches ran: edits the checks refuse, and edits of content they let through.
        assertThat(refused).isGreaterThan(100);
        assertThat(accepted).hasSizeGreaterThan(5);
    }

    private void servesAsChampionAndRollsBack(String version, String what) {
        HttpResponse<String> promoted = send("PUT", "/admin/models/" + version + "/role", "{\"role\": \"champion\"}");
        assertThat(promoted.statusCode())
                .as(what + " -> promote: " + promoted.body())
                .isIn(200, 409);
        if (promoted.statusCode() == 409) {
            return;
        }
        HttpResponse<String> decided = send("POST", "/predict?explain=true", DENIED);
        assertThat(decided.statusCode())
                .as(what + " -> predict: " + decided.body())
                .isEqualTo(200);
        assertThat(Json.parse(decided.body()).get("model_version").asText()).isEqualTo(version);
        HttpResponse<String> back = send("POST", "/admin/rollback", null);
        assertThat(back.statusCode()).as(what + " -> rollback: " + back.body()).isEqualTo(200);
    }

    private HttpResponse<String> upload(String artifact) {
        return send("POST", "/admin/models", artifact);
    }

    private HttpResponse<String> send(String method, String path, String body) {
        return server.api().sendWithToken(method, path, body, TOKEN);
    }
}
