package org.loanmodel.status;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How numbers read on the page, for the server-rendered HTML. {@code status.js} formats the
 * refreshed values with the same rules, so both show the same text for the same number: {@link
 * #fixed} rounds the exact binary value half up, as JavaScript's {@code toFixed} does.
 */
final class Format {
    /** What the page shows for a value it does not know. */
    static final String UNKNOWN = "–";

    private Format() {}

    /** A value in one of the page's formats: count, percent, fixed2, fixed3, rate, millis, duration. */
    static String as(String format, Double value) {
        return switch (format) {
            case "count" -> count(value);
            case "percent" -> percent(value);
            case "fixed2" -> fixed(value, 2);
            case "fixed3" -> fixed(value, 3);
            case "rate" -> rate(value);
            case "millis" -> millis(value);
            case "duration" -> duration(value);
            default -> throw new IllegalArgumentException("unknown number format '" + format + "'");
        };
    }

    /** {@code digits} decimals, like JavaScript's {@code value.toFixed(digits)}. */
    static String fixed(Double value, int digits) {
        if (value == null) {
            return UNKNOWN;
        }
        if (value < 0) {
            return "-" + fixed(-value, digits);
        }
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_UP).toPlainString();
    }

    /** A whole number with thousands separators: {@code 65,536}. */
    static String count(Double value) {
        return value == null ? UNKNOWN : fixed(value, 0).replaceAll("\\B(?=(\\d{3})+(?!\\d))", ",");
    }

    /** A ratio as a percentage with one decimal: {@code 93.5 %}. */
    static String percent(Double ratio) {
        return ratio == null ? UNKNOWN : fixed(ratio * 100, 1) + " %";
    }

    /** Events per second: {@code 12.5/s}. */
    static String rate(Double perSecond) {
        return perSecond == null ? UNKNOWN : fixed(perSecond, 1) + "/s";
    }

    /** Seconds as milliseconds, three significant decimals below 1 ms: {@code 0.052 ms}, {@code 72.0 ms}. */
    static String millis(Double seconds) {
        if (seconds == null) {
            return UNKNOWN;
        }
        double ms = seconds * 1000;
        return fixed(ms, ms < 1 ? 3 : ms < 10 ? 2 : 1) + " ms";
    }

    /** Seconds in the unit that reads best: {@code 45 s}, {@code 12.5 min}, {@code 3.0 h}, {@code 4.2 d}. */
    static String duration(Double seconds) {
        if (seconds == null) {
            return UNKNOWN;
        }
        if (seconds < 120) {
            return fixed(seconds, 0) + " s";
        }
        if (seconds < 7200) {
            return fixed(seconds / 60, 1) + " min";
        }
        if (seconds < 172800) {
            return fixed(seconds / 3600, 1) + " h";
        }
        return fixed(seconds / 86400, 1) + " d";
    }

    /** The machine-readable value behind a shown number, as {@code data-value} holds it. */
    static String raw(Double value) {
        return value == null ? "" : Double.toString(value);
    }
}
