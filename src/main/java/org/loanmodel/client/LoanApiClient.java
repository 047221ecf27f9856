package org.loanmodel.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.loanmodel.codec.ApplicationCodec;
import org.loanmodel.codec.Json;
import org.loanmodel.config.ServeSettings;
import org.loanmodel.model.LoanApplication;

/**
 * Calls a running service: {@code /health}, {@code /predict}, {@code /feedback} on the API URL and
 * a scrape of the metrics URL. Plain HTTP/1.1 without upgrade attempts, so it works through {@code
 * kubectl port-forward} and any proxy. Thread-safe; all calls share one connection pool.
 *
 * <p>A request that gets no HTTP answer fails with {@link EndpointUnreachableException}; any HTTP
 * answer, 4xx and 5xx included, is returned as an {@link ApiResponse}. Calls block; run them on as
 * many threads as requests should be in flight.
 *
 * <p>Example: {@code new LoanApiClient(URI.create("http://localhost:5000"),
 * URI.create("http://localhost:8001/metrics"), Duration.ofSeconds(5)).health().status()}
 */
public final class LoanApiClient {
    /** The API of a service started with default settings on this machine. */
    public static final String DEFAULT_API_URL = "http://localhost:" + ServeSettings.DEFAULT_PORT;

    private final HttpClient http;
    private final String api;
    private final URI metrics;
    private final Duration timeout;

    /**
     * @param api base URL of the API, e.g. {@code http://localhost:5000}
     * @param metrics full URL of the metrics endpoint, e.g. {@code http://localhost:8001/metrics}
     * @param timeout longest wait for a connection and, separately, for an answer
     */
    public LoanApiClient(URI api, URI metrics, Duration timeout) {
        this.api = stripTrailingSlash(api.toString());
        this.metrics = metrics;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Reads a URL given on the command line.
     *
     * @param option the option it came from, for the error message
     * @throws IllegalArgumentException naming the option, the value and the expected form
     */
    public static URI parseUrl(String text, String option) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(option + " must be an http URL like http://localhost:5000, got '" + text
                    + "' (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    option + " must be an http URL like http://localhost:5000, got '" + text + "'");
        }
        return uri;
    }

    /** The metrics URL beside an API URL: same scheme and host, the default metrics port, path {@code /metrics}. */
    public static URI defaultMetricsUrl(URI api) {
        try {
            return new URI(
                    api.getScheme(), null, api.getHost(), ServeSettings.DEFAULT_METRICS_PORT, "/metrics", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot derive a metrics URL from " + api, e);
        }
    }

    /** {@code GET /health}. */
    public ApiResponse health() {
        return send(get(api + "/health"), "API endpoint");
    }

    /** {@code GET /model}: the served model's metadata. */
    public ApiResponse model() {
        return send(get(api + "/model"), "API endpoint");
    }

    /**
     * The served model's version, schema and reference profile, from {@code GET /model}.
     *
     * @throws EndpointUnreachableException when the API does not answer
     * @throws IllegalStateException naming the status or the problem when the answer is not a model
     *     description
     */
    public ServedModel servedModel() {
        ApiResponse response = model();
        if (response.status() != 200) {
            throw new IllegalStateException(
                    "GET " + api + "/model answered HTTP " + response.status() + ": " + response.excerpt());
        }
        try {
            return ServedModel.parse(response.body());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** {@code POST /predict} with a raw body, which may be deliberately invalid. */
    public ApiResponse predict(String body) {
        return send(post("/predict", body), "API endpoint");
    }

    /** {@code POST /predict} with an application. */
    public ApiResponse predict(LoanApplication application) {
        return predict(applicationJson(application));
    }

    /** {@code POST /feedback}: the real outcome of an earlier decision. */
    public ApiResponse feedback(String predictionId, int actualOutcome) {
        return send(post("/feedback", feedbackJson(predictionId, actualOutcome)), "API endpoint");
    }

    /**
     * Scrapes the metrics endpoint in the Prometheus text format.
     *
     * @throws EndpointUnreachableException when the endpoint does not answer
     * @throws IllegalStateException when it answers with a status other than 200
     */
    public MetricSamples scrape() {
        HttpRequest request = HttpRequest.newBuilder(metrics)
                .header("Accept", "text/plain; version=0.0.4")
                .timeout(timeout)
                .GET()
                .build();
        ApiResponse response = send(request, "metrics endpoint");
        if (response.status() != 200) {
            throw new IllegalStateException(
                    "metrics endpoint " + metrics + " answered HTTP " + response.status() + ": " + response.excerpt());
        }
        return MetricSamples.parse(response.body());
    }

    public String apiUrl() {
        return api;
    }

    public URI metricsUrl() {
        return metrics;
    }

    /** The JSON body of {@code POST /predict} for an application, as the API's own codec writes it. */
    public static String applicationJson(LoanApplication application) {
        return new String(new ApplicationCodec(application.schema()).write(application), StandardCharsets.UTF_8);
    }

    /** The JSON body of {@code POST /feedback}. */
    public static String feedbackJson(String predictionId, int actualOutcome) {
        byte[] body = Json.object(json -> {
            json.writeStringField("prediction_id", predictionId);
            json.writeNumberField("actual_outcome", actualOutcome);
        });
        return new String(body, StandardCharsets.UTF_8);
    }

    private HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(api + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /**
     * Sends one request and waits for the answer. Blocking on purpose: on a machine with fewer than
     * three cores the JDK's {@code sendAsync} completes every response on a new thread (the common
     * fork-join pool is too small, so CompletableFuture falls back to a thread per task), which
     * capped simulated traffic at about 1000 requests per second; callers bring their own threads.
     */
    private ApiResponse send(HttpRequest request, String endpoint) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(response.statusCode(), response.body(), System.nanoTime() - start);
        } catch (IOException e) {
            throw new EndpointUnreachableException(
                    endpoint + " " + request.uri() + " unreachable: " + reason(e, request.uri(), timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + request.uri(), e);
        }
    }

    /** Why a request got no answer, in a few words: {@code connection refused}, {@code unknown host}. */
    static String reason(Throwable failure, URI uri, Duration timeout) {
        Throwable cause = failure;
        if (cause instanceof HttpConnectTimeoutException) {
            return "no connection within " + describe(timeout);
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + describe(timeout);
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return "unknown host";
            }
            String message = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("connection refused")) {
                return "connection refused";
            }
            if (message.contains("connection reset") || message.contains("received no bytes")) {
                return "connection closed without an answer";
            }
        }
        if (cause instanceof ConnectException) {
            return connectFailure(uri, timeout);
        }
        return cause.getMessage() == null
                ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /**
     * The operating system's reason a connection fails. The JDK's HTTP client reports a refused
     * connection as a bare {@link ConnectException} without a message, so a plain socket tries once
     * more to learn why.
     */
    private static String connectFailure(URI uri, Duration timeout) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) Math.min(timeout.toMillis(), 10_000));
            return "cannot connect (the port accepts connections now)";
        } catch (UnknownHostException e) {
            return "unknown host";
        } catch (SocketTimeoutException e) {
            return "no connection within " + describe(timeout);
        } catch (IOException e) {
            return e.getMessage() == null ? "cannot connect" : e.getMessage().toLowerCase(Locale.ROOT);
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
