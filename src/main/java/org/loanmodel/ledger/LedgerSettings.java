package org.loanmodel.ledger;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the prediction log.
 *
 * @param location a SQLite file path, or a {@code jdbc:} URL
 * @param commitMode when an append counts as stored
 * @param queueCapacity appends that may wait for the writer before new ones are refused
 * @param batchSize most commands written in one transaction
 * @param maxAge decisions older than this are deleted
 * @param maxRows when more decisions are kept, the oldest are deleted
 * @param sweepInterval how often retention runs
 */
public record LedgerSettings(
        String location,
        CommitMode commitMode,
        int queueCapacity,
        int batchSize,
        Duration maxAge,
        long maxRows,
        Duration sweepInterval) {

    public LedgerSettings {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(commitMode, "commitMode");
        if (location.isBlank()) {
            throw new IllegalArgumentException(
                    "prediction log location must not be empty (set --prediction-log or PREDICTION_LOG)");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("prediction log queue must hold at least 1 record, got " + queueCapacity
                    + " (set --log-queue or PREDICTION_LOG_QUEUE)");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("prediction log batch size must be at least 1, got " + batchSize
                    + " (set --log-batch or PREDICTION_LOG_BATCH)");
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("prediction log max age must be positive, got " + maxAge
                    + " (set --retention-max-age or PREDICTION_LOG_MAX_AGE)");
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("prediction log max rows must be at least 1, got " + maxRows
                    + " (set --retention-max-rows or PREDICTION_LOG_MAX_ROWS)");
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("retention sweep interval must be positive, got " + sweepInterval
                    + " (set --retention-interval or PREDICTION_LOG_SWEEP_INTERVAL)");
        }
    }

    /** Defaults for a SQLite file at {@code location}. */
    public static LedgerSettings defaults(String location) {
        return new LedgerSettings(
                location, CommitMode.ASYNC, 65_536, 2_048, Duration.ofDays(90), 50_000_000, Duration.ofMinutes(1));
    }

    /** The JDBC URL of the location. */
    public String jdbcUrl() {
        return location.startsWith("jdbc:") ? location : "jdbc:sqlite:" + location;
    }
}
