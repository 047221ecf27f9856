package org.loanmodel.client;

/**
 * A request got no HTTP answer at all: the port is closed, the host unknown, or the server did not
 * answer in time. The message names the endpoint and the reason, e.g. {@code metrics endpoint
 * http://localhost:8001/metrics unreachable: connection refused}.
 */
public final class EndpointUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EndpointUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
