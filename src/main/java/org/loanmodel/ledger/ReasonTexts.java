package org.loanmodel.ledger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.loanmodel.ledger.ReasonsColumn.ReasonText;
import org.loanmodel.ledger.ReasonsColumn.TextKey;

/**
 * The reason texts a store has committed to {@code reason_texts}, per model version, as this
 * process last read them back: the writer inserts a version's words only the first time it meets
 * them, and compares every later reason with what is on record. Updated only after the transaction
 * that read them committed, so words of a rolled-back transaction are never taken as stored.
 */
final class ReasonTexts {
    private final Map<String, Map<TextKey, ReasonText>> committed = new ConcurrentHashMap<>();

    /** The words on record for a version's key, or {@code null} when not known to be stored. */
    ReasonText onRecord(String modelVersion, TextKey key) {
        Map<TextKey, ReasonText> words = committed.get(modelVersion);
        return words == null ? null : words.get(key);
    }

    /** Takes what a committed transaction read back: every word on record for those versions. */
    void committed(Map<String, Map<TextKey, ReasonText>> readBack) {
        readBack.forEach((version, words) -> committed.put(version, Map.copyOf(words)));
    }
}
