package org.loanmodel.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.loanmodel.model.Attribution;
import org.loanmodel.model.Reason;

/**
 * The {@code reasons} column: the reasons of a denial and every feature's contribution they were
 * drawn from; NULL when there were none. Three forms, all read:
 *
 * <ul>
 *   <li>compact (schema version 5 on, what the writer uses whenever it can): {@value #COMPACT}
 *       followed by Base64 (no padding) of a binary record: format byte 1, scale byte (0
 *       probability, 1 log-odds), base value, feature count (unsigned 16 bits), every contribution
 *       in schema order (IEEE 754 doubles, big-endian), reason count (a byte), and per reason its
 *       feature's index and text variant (unsigned 16 bits each). The reason's code and words are
 *       the model version's, kept once in {@code reason_texts} ({@link V5RecordReasonTexts}); its
 *       contribution is the feature's. At most 115 characters for the shipped model (four reasons) instead of 500-700 in JSON;
 *   <li>JSON {@code {"reasons": [...], "scale": ..., "baseValue": ..., "contributions": [...]}}: rows
 *       of schema version 4, and rows the compact form cannot hold exactly (see {@link
 *       Inserts});
 *   <li>the bare JSON array of reasons: rows written before contributions were kept.
 * </ul>
 */
final class ReasonsColumn {
    /** What a compact column value starts with; the JSON forms start with a bracket or brace. */
    static final String COMPACT = "#";

    private static final byte COMPACT_FORMAT = 1;
    private static final List<String> SCALES = List.of("probability", "log_odds");
    private static final int MAX_UNSIGNED_SHORT = 0xFFFF;
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {};
    /**
     * Written field by field, doubles with Schubfach: the writer encodes most rows (most
     * applicants are denied), and data binding with the JDK's double conversion took most of the
     * writer's time in a profile. The text reads back to the same doubles, bit for bit.
     */
    private static final JsonFactory WRITER = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    /** What one row holds. */
    record Explained(List<Reason> reasons, Attribution attribution) {
        static final Explained NONE = new Explained(List.of(), null);
    }

    /** Where a model version keeps a reason's words: its feature's index and the text variant. */
    record TextKey(int feature, int variant) {}

    /** A reason's code and words, as a model version gives them to one {@link TextKey}. */
    record ReasonText(String code, String feature, String text) {
        static ReasonText of(Reason reason) {
            return new ReasonText(reason.code(), reason.feature(), reason.text());
        }

        /** Whether the reason has these code and words. */
        boolean sameAs(Reason reason) {
            return code.equals(reason.code()) && feature.equals(reason.feature()) && text.equals(reason.text());
        }
    }

    /**
     * The compact form of an attribution and the reasons drawn from it, each reason named by its
     * key; {@code null} when the form cannot hold them (a scale it does not know, more than 255
     * reasons, indexes beyond 16 bits), and the JSON form is used.
     */
    static String encodeCompact(Attribution attribution, List<TextKey> reasons) {
        int scale = SCALES.indexOf(attribution.scale());
        if (scale < 0 || attribution.size() > MAX_UNSIGNED_SHORT || reasons.size() > 0xFF) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.allocate(2 + 8 + 2 + 8 * attribution.size() + 1 + 4 * reasons.size());
        bytes.put(COMPACT_FORMAT).put((byte) scale).putDouble(attribution.baseValue());
        bytes.putShort((short) attribution.size());
        for (int i = 0; i < attribution.size(); i++) {
            bytes.putDouble(attribution.contribution(i));
        }
        bytes.put((byte) reasons.size());
        for (TextKey key : reasons) {
            if (key.feature() > MAX_UNSIGNED_SHORT || key.variant() > MAX_UNSIGNED_SHORT) {
                return null;
            }
            bytes.putShort((short) key.feature()).putShort((short) key.variant());
        }
        return COMPACT + BASE64.encodeToString(bytes.array());
    }

    static boolean isCompact(String text) {
        return text != null && text.startsWith(COMPACT);
    }

    /**
     * Reads a compact column value; {@code words} are the model version's reason texts.
     *
     * @throws IllegalStateException when the value is damaged or names words not on record
     */
    static Explained decodeCompact(String text, String predictionId, Map<TextKey, ReasonText> words) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text.substring(COMPACT.length())));
            if (bytes.get() != COMPACT_FORMAT) {
                throw new IllegalArgumentException("unknown format");
            }
            String scale = SCALES.get(bytes.get());
            double baseValue = bytes.getDouble();
            double[] contributions = new double[Short.toUnsignedInt(bytes.getShort())];
            for (int i = 0; i < contributions.length; i++) {
                contributions[i] = bytes.getDouble();
            }
            Reason[] reasons = new Reason[Byte.toUnsignedInt(bytes.get())];
            for (int r = 0; r < reasons.length; r++) {
                TextKey key = new TextKey(Short.toUnsignedInt(bytes.getShort()), Short.toUnsignedInt(bytes.getShort()));
                ReasonText said = words.get(key);
                if (said == null || key.feature() >= contributions.length) {
                    throw new IllegalStateException("prediction " + predictionId + " names reason " + key.variant()
                            + " of feature " + key.feature() + ", whose words are not in " + V5RecordReasonTexts.TABLE);
                }
                reasons[r] = new Reason(said.code(), said.feature(), said.text(), contributions[key.feature()]);
            }
            if (bytes.hasRemaining()) {
                throw new IllegalArgumentException(bytes.remaining() + " bytes too many");
            }
            return new Explained(List.of(reasons), new Attribution(scale, baseValue, contributions));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | BufferUnderflowException e) {
            throw new IllegalStateException(
                    "prediction " + predictionId + " has unreadable reasons: " + e.getMessage());
        }
    }

    /** The column's JSON object. */
    private record Document(List<Reason> reasons, String scale, double baseValue, double[] contributions) {}

    private ReasonsColumn() {}

    static String encode(List<Reason> reasons, Attribution attribution) {
        if (reasons.isEmpty() && attribution == null) {
            return null;
        }
        StringWriter text = new StringWriter(160 + 120 * reasons.size());
        try (JsonGenerator json = WRITER.createGenerator(text)) {
            if (attribution == null) {
                writeReasons(json, reasons);
            } else {
                writeDocument(json, reasons, attribution);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode reasons", e);
        }
        // After the generator is closed: only then is everything flushed to the text.
        return text.toString();
    }

    private static void writeDocument(JsonGenerator json, List<Reason> reasons, Attribution attribution)
            throws IOException {
        json.writeStartObject();
        json.writeFieldName("reasons");
        writeReasons(json, reasons);
        json.writeStringField("scale", attribution.scale());
        json.writeNumberField("baseValue", attribution.baseValue());
        json.writeFieldName("contributions");
        json.writeStartArray();
        for (int i = 0; i < attribution.size(); i++) {
            json.writeNumber(attribution.contribution(i));
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeReasons(JsonGenerator json, List<Reason> reasons) throws IOException {
        json.writeStartArray();
        for (Reason reason : reasons) {
            json.writeStartObject();
            json.writeStringField("code", reason.code());
            json.writeStringField("feature", reason.feature());
            json.writeStringField("text", reason.text());
            json.writeNumberField("contribution", reason.contribution());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** Reads a column value of a form without words elsewhere: JSON, or NULL. */
    static Explained decode(String text, String predictionId) {
        return decode(text, predictionId, Map.of());
    }

    /**
     * Reads a column value of any form; {@code words} are the model version's reason texts, which
     * only the compact form needs.
     *
     * @throws IllegalStateException when the value is damaged or names words not on record
     */
    static Explained decode(String text, String predictionId, Map<TextKey, ReasonText> words) {
        if (text == null) {
            return Explained.NONE;
        }
        if (isCompact(text)) {
            return decodeCompact(text, predictionId, words);
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
