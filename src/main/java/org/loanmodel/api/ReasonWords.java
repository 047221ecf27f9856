package org.loanmodel.api;

import com.fasterxml.jackson.core.io.SerializedString;
import org.loanmodel.model.Reason;

/**
 * A reason's code, feature and text, quoted and encoded for JSON once per distinct reason rather
 * than escaped character by character in every denial's answer: a model gives the same few words
 * (a code and a text per feature and variant) to every denial, as the same strings.
 *
 * <p>A small table indexed by the words' hash; a slot holds the last words that fell on it, so a
 * model with more distinct reasons than slots still answers correctly, only slower. Slots are
 * replaced whole and their contents are final, so threads share the table without locks.
 */
final class ReasonWords {
    private static final int SLOTS = 128;

    private final Words[] slots = new Words[SLOTS];

    /** One reason's words, ready to write. */
    record Words(
            String code,
            String feature,
            String text,
            SerializedString quotedCode,
            SerializedString quotedFeature,
            SerializedString quotedText) {

        private static Words of(Reason reason) {
            return new Words(
                    reason.code(),
                    reason.feature(),
                    reason.text(),
                    encoded(reason.code()),
                    encoded(reason.feature()),
                    encoded(reason.text()));
        }

        private static SerializedString encoded(String value) {
            SerializedString quoted = new SerializedString(value);
            quoted.asQuotedUTF8();
            return quoted;
        }

        private boolean hold(Reason reason) {
            return same(code, reason.code()) && same(feature, reason.feature()) && same(text, reason.text());
        }

        private static boolean same(String known, String given) {
            return known == given || known.equals(given);
        }
    }

    /** The words of {@code reason}. */
    Words of(Reason reason) {
        int slot = (reason.code().hashCode() * 31 + reason.text().hashCode()) & (SLOTS - 1);
        Words words = slots[slot];
        if (words == null || !words.hold(reason)) {
            words = Words.of(reason);
            slots[slot] = words;
        }
        return words;
    }
}
