package org.loanmodel.api;

import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Adapts a Vert.x request to client_java's transport-neutral scrape handler. The handler writes
 * into memory on a worker thread; the caller then sends status, headers and body on the event loop.
 */
final class ScrapeExchange implements PrometheusHttpExchange {
    private final String method;
    private final String path;
    private final String query;
    private final MultiMap requestHeaders;
    private final MultiMap responseHeaders = MultiMap.caseInsensitiveMultiMap();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    private int status = 500;
    private RuntimeException failure;

    ScrapeExchange(HttpServerRequest request) {
        this.method = request.method().name();
        this.path = request.path();
        this.query = request.query();
        // Copied: the request object belongs to the event loop, the scrape runs on a worker.
        this.requestHeaders = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
    }

    @Override
    public PrometheusHttpRequest getRequest() {
        return new PrometheusHttpRequest() {
            @Override
            public String getQueryString() {
                return query;
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return Collections.enumeration(requestHeaders.getAll(name));
            }

            @Override
            public String getMethod() {
                return method;
            }

            @Override
            public String getRequestPath() {
                return path;
            }
        };
    }

    @Override
    public PrometheusHttpResponse getResponse() {
        return new PrometheusHttpResponse() {
            @Override
            public void setHeader(String name, String value) {
                responseHeaders.set(name, value);
            }

            @Override
            public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
                status = statusCode;
                return body;
            }
        };
    }

    @Override
    public void handleException(IOException e) throws IOException {
        throw e;
    }

    @Override
    public void handleException(RuntimeException e) {
        failure = e;
    }

    @Override
    public void close() {}

    int status() {
        return status;
    }

    MultiMap headers() {
        return responseHeaders;
    }

    byte[] body() {
        return body.toByteArray();
    }

    RuntimeException failure() {
        return failure;
    }
}
