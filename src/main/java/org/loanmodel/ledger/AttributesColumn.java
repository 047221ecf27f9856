package org.loanmodel.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring attributes of a decision as its column holds them: a JSON object of strings with
 * its keys sorted ({@code {"applicant_group":"b"}}), NULL when there are none.
 */
final class AttributesColumn {
    private static final Logger LOG = LoggerFactory.getLogger(AttributesColumn.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

    private AttributesColumn() {}

    /** The column's value: {@code null} for none. */
    static String encode(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(new TreeMap<>(attributes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode monitoring attributes", e);
        }
    }

    /**
     * The attributes of a column's value. A value that is not an object of strings (edited by hand)
     * counts as none, with a warning: one bad row must not stop feedback from being recorded.
     */
    static Map<String, String> decode(String column, String predictionId) {
        if (column == null) {
            return Map.of();
        }
        try {
            Map<String, String> attributes = JSON.readValue(column, STRINGS);
            if (attributes != null && !attributes.containsKey(null) && !attributes.containsValue(null)) {
                return Map.copyOf(attributes);
            }
        } catch (JsonProcessingException e) {
            // Reported below.
        }
        LOG.warn("prediction {} has unreadable monitoring attributes; counted as none", predictionId);
        return Map.of();
    }
}
