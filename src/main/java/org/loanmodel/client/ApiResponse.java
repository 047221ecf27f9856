package org.loanmodel.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One HTTP answer as the client saw it.
 *
 * @param status HTTP status code
 * @param body the response body as text
 * @param nanos time from sending the request to having the whole answer
 */
public record ApiResponse(int status, String body, long nanos) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The body as a JSON tree.
     *
     * @throws IllegalStateException naming the status and the start of the body when it is not JSON
     */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("HTTP " + status + " answer is not JSON: " + excerpt());
        }
    }

    /** The start of the body, for messages. */
    public String excerpt() {
        String oneLine = body.strip().replace('\n', ' ');
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "...";
    }
}
