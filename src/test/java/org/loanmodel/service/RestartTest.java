package org.loanmodel.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.Scrape;

class RestartTest {
    private static final String APPLICATION = "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000,"
            + " \"loan_term\": 36, \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}";

    @TempDir
    Path dir;

    @Test
    void feedbackForPredictionsMadeBeforeARestartStillJoinsAndCounts() {
        List<String> ids = new ArrayList<>();
        try (RunningServer before = RunningServer.start(dir)) {
            for (int i = 0; i < 5; i++) {
                ids.add(Json.body(before.api().postJson("/predict", APPLICATION))
                        .get("prediction_id")
                        .asText());
            }
        }
        try (RunningServer after = RunningServer.start(dir)) {
            for (String id : ids) {
                var response =
                        after.api().postJson("/feedback", "{\"prediction_id\": \"" + id + "\", \"actual_outcome\": 0}");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(Json.body(response).get("verified").asBoolean()).isTrue();
                assertThat(Json.body(response).get("outcome").asText()).isEqualTo("fp");
            }
            Scrape scrape = after.scrape();
            String version = after.server().model().version();
            assertThat(scrape.value("model_feedback_total{model_version=\"" + version + "\",outcome=\"fp\"}"))
                    .isEqualTo(5);
            assertThat(scrape.value("model_prediction_log_rows")).isEqualTo(5);
            assertThat(scrape.value("model_requests_total")).isZero();
        }
    }
}
