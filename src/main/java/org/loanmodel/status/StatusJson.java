package org.loanmodel.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/** The report as {@code /status.json} answers it: snake_case keys, every field present, null for unknown. */
public final class StatusJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private StatusJson() {}

    /** The report as a JSON tree, which the HTML page is rendered from with the keys status.js reads. */
    static JsonNode tree(StatusReport report) {
        return MAPPER.valueToTree(report);
    }

    public static byte[] write(StatusReport report) {
        try {
            return MAPPER.writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the status report", e);
        }
    }
}
