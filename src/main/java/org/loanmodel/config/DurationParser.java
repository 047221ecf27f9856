package org.loanmodel.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as people write them: {@code 90d}, {@code 12h}, {@code 15m}, {@code 30s}, {@code 500ms}, or ISO-8601. */
public final class DurationParser {
    /** The accepted forms, as error messages list them. */
    public static final String FORMS = "90d, 12h, 15m, 30s, 500ms or ISO-8601 like PT1H";

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private DurationParser() {}

    /**
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static Duration parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; use e.g. " + FORMS);
        }
    }

    /**
     * Parses a duration that must be longer than zero.
     *
     * @param option the flag the text came from, named in the error, e.g. {@code --timeout}
     * @throws IllegalArgumentException naming the option and the value
     */
    public static Duration parsePositive(String text, String option) {
        return requirePositive(parse(text), option);
    }

    /**
     * Checks that a duration is longer than zero.
     *
     * @param option the setting it came from, named in the error, e.g. {@code --duration}
     * @throws IllegalArgumentException naming the option and the value, e.g. {@code --timeout must be
     *     positive, got '0s'}
     */
    public static Duration requirePositive(Duration value, String option) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(option + " must be positive, got '" + format(value) + "'");
        }
        return value;
    }

    /**
     * Writes a duration in the largest unit that divides it, as {@link #parse} reads it back: {@code
     * 90d}, {@code 1m}, {@code 5ms}; {@code 0s} for zero; ISO-8601 below a millisecond.
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.isNegative() || duration.toNanos() % 1_000_000 != 0) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        throw new AssertionError("every whole number of milliseconds divides by 1");
    }
}
