package org.loanmodel.ledger;

import java.time.Clock;
import org.loanmodel.model.FeatureSchema;

/**
 * The prediction log on a JDBC database, as {@code serve} opens it: a {@link BatchingWriter} in
 * front of a {@link JdbcPredictionStore} (an embedded SQLite file by default, or PostgreSQL when
 * several replicas share one log), its schema migrated to the newest version first.
 *
 * <p>Example: {@code PredictionLog log = JdbcPredictionLog.open(LedgerSettings.defaults(
 * "data/predictions.db"), model.schema(), LedgerListener.NONE, Clock.systemUTC());}
 */
public final class JdbcPredictionLog {
    private JdbcPredictionLog() {}

    /**
     * Opens (and creates or migrates if needed) the log.
     *
     * @throws IllegalArgumentException with a message that says what to do when the store cannot be
     *     opened or holds a log this service must not write
     */
    public static PredictionLog open(
            LedgerSettings settings, FeatureSchema schema, LedgerListener listener, Clock clock) {
        JdbcPredictionStore store = JdbcPredictionStore.open(settings, schema);
        try {
            return BatchingWriter.start(store, settings, listener, clock);
        } catch (StoreException e) {
            store.close();
            throw new IllegalArgumentException("cannot open prediction log " + settings.shownLocation() + ": "
                    + LedgerSettings.masked(e.getMessage()) + " (set --prediction-log or PREDICTION_LOG)");
        }
    }
}
