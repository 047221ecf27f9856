package org.loanmodel.ledger;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of the prediction log.
 *
 * @param location a SQLite file path, or a {@code jdbc:} URL
 * @param commitMode when an append counts as stored
 * @param queueCapacity appends that may wait for the writer before new ones are refused
 * @param batchSize most commands written in one transaction
 * @param linger how long the writer waits, after the first queued command, for more to join its
 *     transaction; fewer, larger commits cost less CPU, and in async mode no answer waits for it
 * @param maxAge decisions older than this are deleted
 * @param maxRows when more decisions are kept, the oldest are deleted
 * @param sweepInterval how often retention runs
 * @param shutdownGrace how long closing waits for the log to write what it accepted while the log
 *     cannot write; whatever is still not stored then is reported and dropped
 */
public record LedgerSettings(
        String location,
        CommitMode commitMode,
        int queueCapacity,
        int batchSize,
        Duration linger,
        Duration maxAge,
        long maxRows,
        Duration sweepInterval,
        Duration shutdownGrace) {

    /** Shutdown grace when none is given: well within Kubernetes' 30 s termination grace. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

    /** Longest shutdown grace accepted. */
    public static final Duration MAX_SHUTDOWN_GRACE = Duration.ofMinutes(10);

    /** Longest linger accepted: beyond it, async loses more in a crash for no measurable gain. */
    public static final Duration MAX_LINGER = Duration.ofSeconds(1);

    public LedgerSettings {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(commitMode, "commitMode");
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
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
        if (linger.isNegative() || linger.compareTo(MAX_LINGER) > 0) {
            throw new IllegalArgumentException("prediction log linger must be between 0 and " + MAX_LINGER.toMillis()
                    + "ms, got " + linger.toMillis() + "ms (set --log-linger or PREDICTION_LOG_LINGER)");
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
        if (shutdownGrace.isNegative() || shutdownGrace.isZero() || shutdownGrace.compareTo(MAX_SHUTDOWN_GRACE) > 0) {
            throw new IllegalArgumentException("prediction log shutdown grace must be between 1ms and "
                    + MAX_SHUTDOWN_GRACE.toMinutes() + "m, got " + shutdownGrace.toMillis()
                    + "ms (set --log-shutdown-grace or PREDICTION_LOG_SHUTDOWN_GRACE)");
        }
    }

    /** Settings with the {@link #DEFAULT_SHUTDOWN_GRACE}. */
    public LedgerSettings(
            String location,
            CommitMode commitMode,
            int queueCapacity,
            int batchSize,
            Duration linger,
            Duration maxAge,
            long maxRows,
            Duration sweepInterval) {
        this(
                location,
                commitMode,
                queueCapacity,
                batchSize,
                linger,
                maxAge,
                maxRows,
                sweepInterval,
                DEFAULT_SHUTDOWN_GRACE);
    }

    /** Defaults for a SQLite file at {@code location}. */
    public static LedgerSettings defaults(String location) {
        return new LedgerSettings(
                location,
                CommitMode.ASYNC,
                65_536,
                2_048,
                defaultLinger(CommitMode.ASYNC),
                Duration.ofDays(90),
                50_000_000,
                Duration.ofMinutes(1));
    }

    /**
     * The linger of a commit mode when none is set: a few milliseconds in async mode, where it
     * turns thousands of small commits a second into a few hundred larger ones (BENCHMARKS.md);
     * none in sync mode, where every answer waits for its commit.
     */
    public static Duration defaultLinger(CommitMode mode) {
        return mode == CommitMode.ASYNC ? Duration.ofMillis(5) : Duration.ZERO;
    }

    /** These settings with another commit mode and that mode's default linger. */
    public LedgerSettings withCommitMode(CommitMode mode) {
        return new LedgerSettings(
                location,
                mode,
                queueCapacity,
                batchSize,
                defaultLinger(mode),
                maxAge,
                maxRows,
                sweepInterval,
                shutdownGrace);
    }

    /** These settings with another shutdown grace. */
    public LedgerSettings withShutdownGrace(Duration grace) {
        return new LedgerSettings(
                location, commitMode, queueCapacity, batchSize, linger, maxAge, maxRows, sweepInterval, grace);
    }

    /**
     * The location as logs and messages show it: with any password it carries replaced by {@code
     * ***} ({@link #masked}). The JDBC URL itself keeps it.
     */
    public String shownLocation() {
        return masked(location);
    }

    /**
     * {@code text} with the passwords of JDBC URLs in it replaced by {@code ***}: the value of every
     * parameter whose name contains "password" ({@code password}, {@code sslpassword}), and the
     * password of a {@code //user:password@host} part. For anything that may quote a URL, such as a
     * driver's error message.
     */
    public static String masked(String text) {
        if (text == null) {
            return null;
        }
        String parameters = PASSWORD_PARAMETER.matcher(text).replaceAll("$1***");
        return USER_INFO_PASSWORD.matcher(parameters).replaceAll("$1***@");
    }

    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)([?&;][^=&;?\\s]*password[^=&;?\\s]*=)[^&;\\s)]*");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/:@?\\s]+:)[^@/\\s]*@");

    /** The JDBC URL of the location. */
    public String jdbcUrl() {
        return location.startsWith("jdbc:") ? location : "jdbc:sqlite:" + location;
    }
}
