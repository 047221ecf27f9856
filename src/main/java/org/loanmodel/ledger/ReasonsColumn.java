package org.loanmodel.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.loanmodel.model.Reason;

/** The {@code reasons} column: the reasons of a denial as JSON, NULL when there were none. */
final class ReasonsColumn {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {};

    private ReasonsColumn() {}

    static String encode(List<Reason> reasons) {
        if (reasons.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(reasons);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode reasons", e);
        }
    }

    static List<Reason> decode(String text, String predictionId) {
        if (text == null) {
            return List.of();
        }
        try {
            return List.copyOf(JSON.readValue(text, REASONS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "prediction " + predictionId + " has unreadable reasons: " + e.getOriginalMessage());
        }
    }
}
