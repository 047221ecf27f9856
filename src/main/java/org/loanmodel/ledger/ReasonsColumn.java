package org.loanmodel.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.loanmodel.model.Attribution;
import org.loanmodel.model.Reason;

/**
 * The {@code reasons} column: the reasons of a denial and every feature's contribution they were
 * drawn from, as JSON ({@code {"reasons": [...], "scale": ..., "baseValue": ..., "contributions":
 * [...]}}, contributions in schema order); NULL when there were none. Rows written before
 * contributions were kept hold the bare array of reasons, and still read.
 */
final class ReasonsColumn {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {};

    /** What one row holds. */
    record Explained(List<Reason> reasons, Attribution attribution) {
        static final Explained NONE = new Explained(List.of(), null);
    }

    /** The column's JSON object. */
    private record Document(List<Reason> reasons, String scale, double baseValue, double[] contributions) {}

    private ReasonsColumn() {}

    static String encode(List<Reason> reasons, Attribution attribution) {
        if (reasons.isEmpty() && attribution == null) {
            return null;
        }
        try {
            if (attribution == null) {
                return JSON.writeValueAsString(reasons);
            }
            return JSON.writeValueAsString(
                    new Document(reasons, attribution.scale(), attribution.baseValue(), attribution.contributions()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode reasons", e);
        }
    }

    static Explained decode(String text, String predictionId) {
        if (text == null) {
            return Explained.NONE;
        }
        try {
            if (text.startsWith("[")) {
                return new Explained(List.copyOf(JSON.readValue(text, REASONS)), null);
            }
            Document document = JSON.readValue(text, Document.class);
            return new Explained(
                    List.copyOf(document.reasons()),
                    new Attribution(document.scale(), document.baseValue(), document.contributions()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "prediction " + predictionId + " has unreadable reasons: " + e.getOriginalMessage());
        }
    }
}
