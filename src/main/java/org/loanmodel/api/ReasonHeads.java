package org.loanmodel.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import org.loanmodel.codec.Json;
import org.loanmodel.model.Reason;

/**
 * The JSON of a reason's object up to its contribution, {@code {"code":…,"feature":…,"text":…,
 * "contribution":}}, encoded once per code, feature and text. A model gives a bounded set of those
 * (per feature, one text per direction, category code and absence), so the cache stays small; it
 * stops growing at {@link #LIMIT} entries (the reasons of many model versions, or of old log rows
 * read by the audit), after which further words are encoded per call.
 */
final class ReasonHeads {
    static final int LIMIT = 4096;

    /** How the generator ends an object whose last field is the number 0.0. */
    private static final String ZERO_AND_BRACE = "0.0}";

    private record Words(String code, String feature, String text) {}

    private static final ConcurrentHashMap<Words, SerializedString> HEADS = new ConcurrentHashMap<>();

    private ReasonHeads() {}

    /** The head of the reason's object, as {@link JsonCodec#writeReason} would write it. */
    static SerializedString of(Reason reason) {
        Words words = new Words(reason.code(), reason.feature(), reason.text());
        SerializedString head = HEADS.get(words);
        if (head == null) {
            head = encode(reason);
            if (HEADS.size() < LIMIT) {
                HEADS.putIfAbsent(words, head);
            }
        }
        return head;
    }

    /**
     * Written by the generator itself, with a contribution of 0 that is then cut off, so the head
     * escapes its strings exactly as a field-by-field reason does.
     */
    private static SerializedString encode(Reason reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            JsonCodec.writeReason(json, new Reason(reason.code(), reason.feature(), reason.text(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String whole = out.toString(StandardCharsets.UTF_8);
        if (!whole.endsWith(ZERO_AND_BRACE)) {
            throw new IllegalStateException("a reason's object ends in " + whole);
        }
        SerializedString head = new SerializedString(whole.substring(0, whole.length() - ZERO_AND_BRACE.length()));
        // Its bytes now, as the first answer with it would make them: that path stays out of the
        // compiled answer for heads made after the warm-up too (ApplicationCodec says why).
        head.asUnquotedUTF8();
        return head;
    }
}
