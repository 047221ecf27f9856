package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.ledger.JdbcPredictionLog;
import org.loanmodel.ledger.LedgerListener;
import org.loanmodel.ledger.LedgerSettings;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.testing.TestClient;

/** {@code GET /ready} while the service warms up and after: the answer a load balancer sees. */
class ReadinessTest {
    private static final String OPEN_FEEDBACK = "{\"feedback_authentication\":\"none: no token is configured,"
            + " anyone who reaches the port can send ground truth\"}";

    @TempDir
    Path dir;

    @Test
    void readyAnswers503WarmingUpWithTheWarmUpsWordsUntilItEnds() throws Exception {
        AtomicReference<Optional<String>> warmUp =
                new AtomicReference<>(Optional.of("warming up: 12 requests in 0.5 s"));
        LoanModel model = ModelArtifact.loadDefault();
        Vertx vertx = Vertx.vertx();
        try (PredictionLog log = JdbcPredictionLog.open(
                LedgerSettings.defaults(dir.resolve("p.db").toString()),
                model.schema(),
                LedgerListener.NONE,
                Clock.systemUTC())) {
            HealthResource health = new HealthResource(() -> model, log, new BearerTokens(List.of()), warmUp::get);
            Router router = Router.router(vertx);
            ApiRouter.readable(router, "/ready").handler(health::ready);
            HttpServer server =
                    vertx.createHttpServer().requestHandler(router).listen(0).await(30, TimeUnit.SECONDS);
            TestClient client = new TestClient(server.actualPort());

            HttpResponse<String> warming = client.get("/ready");
            assertThat(warming.statusCode()).isEqualTo(503);
            assertThat(warming.body())
                    .isEqualTo("{\"status\":\"warming_up\",\"reasons\":[\"warming up: 12 requests in 0.5 s\"],"
                            + "\"details\":" + OPEN_FEEDBACK + "}");
            assertThat(health.notReadyReasons()).containsExactly("warming up: 12 requests in 0.5 s");

            warmUp.set(Optional.empty());
            HttpResponse<String> ready = client.get("/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body())
                    .isEqualTo("{\"status\":\"ready\",\"reasons\":[],\"details\":" + OPEN_FEEDBACK + "}");
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
