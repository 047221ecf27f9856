package org.loanmodel.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.loanmodel.ledger.ReasonsColumn.ReasonText;
import org.loanmodel.ledger.ReasonsColumn.TextKey;

/**
 * The reason texts a store has committed to {@code reason_texts}, per model version, as this
 * process last read them back: the writer inserts a version's words only the first time it meets
 * them, and compares every later reason with what is on record. Updated only after the transaction
 * that read them committed, so words of a rolled-back transaction are never taken as stored. Kept
 * per version as arrays by feature and variant: the writer looks up every reason of every denial.
 */
final class ReasonTexts {
    private static final ReasonText[][] NONE = new ReasonText[0][];

    private final Map<String, ReasonText[][]> committed = new ConcurrentHashMap<>();

    /** The words on record for a version's key, or {@code null} when not known to be stored. */
    ReasonText onRecord(String modelVersion, TextKey key) {
        ReasonText[][] byFeature = committed.getOrDefault(modelVersion, NONE);
        if (key.feature() >= byFeature.length || byFeature[key.feature()] == null) {
            return null;
        }
        ReasonText[] byVariant = byFeature[key.feature()];
        return key.variant() < byVariant.length ? byVariant[key.variant()] : null;
    }

    /** Takes what a committed transaction read back: every word on record for those versions. */
    void committed(Map<String, Map<TextKey, ReasonText>> readBack) {
        readBack.forEach((version, words) -> {
            int features =
                    words.keySet().stream().mapToInt(TextKey::feature).max().orElse(-1) + 1;
            ReasonText[][] byFeature = new ReasonText[features][];
            words.forEach((key, said) -> {
                ReasonText[] byVariant = byFeature[key.feature()];
                if (byVariant == null || byVariant.length <= key.variant()) {
                    ReasonText[] grown = new ReasonText[key.variant() + 1];
                    if (byVariant != null) {
                        System.arraycopy(byVariant, 0, grown, 0, byVariant.length);
                    }
                    byFeature[key.feature()] = grown;
                    byVariant = grown;
                }
                byVariant[key.variant()] = said;
            });
            committed.put(version, byFeature);
        });
    }

    /** Every reason text on record for a model version. */
    static Map<TextKey, ReasonText> read(Connection connection, SqlStatements sql, String version) throws SQLException {
        Map<TextKey, ReasonText> words = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql.selectReasonTexts)) {
            select.setString(1, version);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    words.put(
                            new TextKey(row.getInt(1), row.getInt(2)),
                            new ReasonText(row.getString(3), row.getString(4), row.getString(5)));
                }
            }
        }
        return words;
    }
}
