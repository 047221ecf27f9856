package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.Json;

/**
 * The bound on request bodies held at once, on a router of its own whose handler holds every
 * admitted request unanswered until the test lets it go, as a slow decision would.
 */
class BodyBudgetTest {
    private static final int CAPACITY = 1000;

    private final BodyBudget budget = new BodyBudget(CAPACITY);
    private final AtomicInteger refused = new AtomicInteger();
    private final List<RoutingContext> held = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private HttpClient http;
    private String base;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.post("/hold").handler(budget.admit(600, refused::incrementAndGet, Responses::error));
        router.post("/hold")
                .handler(BodyHandler.create(false).setBodyLimit(600))
                .handler(held::add);
        HttpServer server =
                vertx.createHttpServer().requestHandler(router).listen(0).await(30, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> send(int bytes) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/hold"))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(bytes)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void answerAll() {
        for (RoutingContext ctx : held) {
            ctx.response().end("done");
        }
        held.clear();
    }

    @Test
    void bodiesBeyondTheBudgetAreRefusedUntilHeldOnesAreAnswered() throws Exception {
        CompletableFuture<HttpResponse<String>> first = send(400);
        Await.until("the first body to be held", java.time.Duration.ofSeconds(30), () -> held.size() == 1);
        CompletableFuture<HttpResponse<String>> second = send(400);
        Await.until("the second body to be held", java.time.Duration.ofSeconds(30), () -> held.size() == 2);
        assertThat(budget.held()).isEqualTo(800);

        HttpResponse<String> third = send(400).get(30, TimeUnit.SECONDS);
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("Retry-After")).contains("1");
        assertThat(third.headers().firstValue("Connection")).contains("close");
        assertThat(Json.parse(third.body()).get("code").asText()).isEqualTo("overloaded");
        assertThat(Json.parse(third.body()).get("error").asText())
                .isEqualTo("the server holds as many request bodies as it can (1000 bytes); retry later");
        assertThat(refused.get()).isEqualTo(1);
        // A small one still fits beside them.
        CompletableFuture<HttpResponse<String>> small = send(200);
        Await.until("the small body to be held", java.time.Duration.ofSeconds(30), () -> held.size() == 3);
        assertThat(budget.held()).isEqualTo(1000);

        answerAll();
        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(small.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        Await.until("every claim to be given back", java.time.Duration.ofSeconds(30), () -> budget.held() == 0);
    }

    @Test
    void aBodyTooLargeForItsRouteClaimsOnlyTheLimitAndGivesItBack() throws Exception {
        HttpResponse<String> tooLarge = send(5000).get(30, TimeUnit.SECONDS);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        Await.until("the claim to be given back", java.time.Duration.ofSeconds(30), () -> budget.held() == 0);
        assertThat(refused.get()).isZero();
    }

    @Test
    void aClaimLargerThanTheWholeBudgetIsServedAlone() throws Exception {
        BodyBudget small = new BodyBudget(100);
        Router router = Router.router(vertx);
        router.post("/one").handler(small.admit(600, refused::incrementAndGet, Responses::error));
        router.post("/one").handler(BodyHandler.create(false).setBodyLimit(600)).handler(held::add);
        HttpServer server =
                vertx.createHttpServer().requestHandler(router).listen(0).await(30, TimeUnit.SECONDS);
        String one = "http://127.0.0.1:" + server.actualPort() + "/one";
        CompletableFuture<HttpResponse<String>> alone = http.sendAsync(
                HttpRequest.newBuilder(URI.create(one))
                        .POST(HttpRequest.BodyPublishers.ofString("y".repeat(500)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Await.until("the large body to be held", java.time.Duration.ofSeconds(30), () -> held.size() == 1);
        HttpResponse<String> beside = http.send(
                HttpRequest.newBuilder(URI.create(one))
                        .POST(HttpRequest.BodyPublishers.ofString("z"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(beside.statusCode()).isEqualTo(503);
        answerAll();
        assertThat(alone.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        Await.until("the claim to be given back", java.time.Duration.ofSeconds(30), () -> small.held() == 0);
    }
}
