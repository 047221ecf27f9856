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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.ledger.JdbcPredictionLog;
import org.loanmodel.ledger.LabelRequest;
import org.loanmodel.ledger.LabelResult;
import org.loanmodel.ledger.LedgerListener;
import org.loanmodel.ledger.LedgerSettings;
import org.loanmodel.ledger.LogBacklog;
import org.loanmodel.ledger.PredictionLog;
import org.loanmodel.ledger.PredictionRecord;
import org.loanmodel.ledger.StoredPrediction;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.testing.TestClient;

/** {@code GET /ready} while the service warms up and after: the answer a load balancer sees. */
class ReadinessTest {
    private static final String OPEN_FEEDBACK = "{\"feedback_authentication\":\"none: no token is configured,"
            + " anyone who reaches the port can send ground truth\"}";

    @TempDir
    Path dir;

    private PredictionLog openLog(LoanModel model) {
        return JdbcPredictionLog.open(
                LedgerSettings.defaults(dir.resolve("p.db").toString()),
                model.schema(),
                LedgerListener.NONE,
                Clock.systemUTC());
    }

    /** A server with only the routes {@code routes} adds, and a client of it. */
    private static TestClient serve(Vertx vertx, Consumer<Router> routes) throws Exception {
        Router router = Router.router(vertx);
        routes.accept(router);
        HttpServer server =
                vertx.createHttpServer().requestHandler(router).listen(0).await(30, TimeUnit.SECONDS);
        return new TestClient(server.actualPort());
    }

    @Test
    void readyAnswers503WarmingUpWithTheWarmUpsWordsUntilItEnds() throws Exception {
        AtomicReference<Optional<String>> warmUp =
                new AtomicReference<>(Optional.of("warming up: 12 requests in 0.5 s"));
        LoanModel model = ModelArtifact.loadDefault();
        Vertx vertx = Vertx.vertx();
        try (PredictionLog log = openLog(model)) {
            HealthResource health = new HealthResource(() -> model, log, new BearerTokens(List.of()), warmUp::get);
            TestClient client =
                    serve(vertx, router -> ApiRouter.readable(router, "/ready").handler(health::ready));

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

    @Test
    void healthAnswers503UnhealthyOnceTheLogCanNeverWriteAgain() throws Exception {
        LoanModel model = ModelArtifact.loadDefault();
        AtomicReference<Optional<String>> stopped = new AtomicReference<>(Optional.empty());
        Vertx vertx = Vertx.vertx();
        try (PredictionLog real = openLog(model)) {
            PredictionLog log = new StoppableLog(real, stopped);
            HealthResource health = new HealthResource(() -> model, log, new BearerTokens(List.of()), Optional::empty);
            InferenceProtocolResource protocol =
                    new InferenceProtocolResource(null, () -> model, model.schema(), health);
            TestClient client = serve(vertx, router -> {
                ApiRouter.readable(router, "/health").handler(health::health);
                ApiRouter.readable(router, "/v2/health/live").handler(protocol::live);
            });

            HttpResponse<String> alive = client.get("/health");
            assertThat(alive.statusCode()).isEqualTo(200);
            assertThat(client.get("/v2/health/live").body()).isEqualTo("{\"live\":true}");
            assertThat(alive.body())
                    .startsWith("{\"status\":\"healthy\",\"model_version\":\"" + model.version() + "\"");

            stopped.set(Optional.of("prediction log writer stopped: java.lang.StackOverflowError: deep"));
            HttpResponse<String> dead = client.get("/health");
            assertThat(dead.statusCode()).isEqualTo(503);
            assertThat(dead.body())
                    .startsWith("{\"status\":\"unhealthy\",\"model_version\":\"" + model.version() + "\"")
                    .endsWith(",\"reason\":\"prediction log writer stopped: java.lang.StackOverflowError: deep\"}");
            HttpResponse<String> protocolDead = client.get("/v2/health/live");
            assertThat(protocolDead.statusCode()).isEqualTo(503);
            assertThat(protocolDead.body()).isEqualTo("{\"live\":false}");
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    /** A real log whose {@link PredictionLog#stopped()} the test decides. */
    private record StoppableLog(PredictionLog real, AtomicReference<Optional<String>> reason) implements PredictionLog {
        @Override
        public CompletionStage<Void> append(PredictionRecord record) {
            return real.append(record);
        }

        @Override
        public CompletionStage<Void> appendAll(List<PredictionRecord> records) {
            return real.appendAll(records);
        }

        @Override
        public CompletionStage<LabelResult> label(LabelRequest request) {
            return real.label(request);
        }

        @Override
        public CompletionStage<Optional<StoredPrediction>> find(String predictionId) {
            return real.find(predictionId);
        }

        @Override
        public CompletionStage<Long> sweep() {
            return real.sweep();
        }

        @Override
        public LogBacklog backlog() {
            return real.backlog();
        }

        @Override
        public Optional<String> stopped() {
            return reason.get();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
