package org.loanmodel.segments;

import java.util.Map;
import org.loanmodel.model.InvalidInputException;

/**
 * The monitoring-only attributes of one request, such as {@code {"applicant_group": "b"}}: stored
 * with the decision and counted by segment, never seen by the model. Each value is 1 to {@value
 * #MAX_LENGTH} printable characters; which names a request may use is the {@link Segments}'
 * business.
 *
 * @param values attribute name to value
 */
public record MonitoringAttributes(Map<String, String> values) {
    /** Longest accepted value, in characters (code points). */
    public static final int MAX_LENGTH = 64;
    /** A request without attributes. */
    public static final MonitoringAttributes NONE = new MonitoringAttributes(Map.of());

    public MonitoringAttributes {
        values = Map.copyOf(values);
        values.forEach(MonitoringAttributes::check);
    }

    /** The value of {@code name}, or {@code null} when the request did not carry it. */
    public String get(String name) {
        return values.get(name);
    }

    /**
     * Checks one value.
     *
     * @throws InvalidInputException naming the attribute, the rule and the value
     */
    public static void check(String name, String value) {
        long length = value.codePoints().count();
        if (length == 0 || length > MAX_LENGTH || !value.codePoints().allMatch(MonitoringAttributes::printable)) {
            throw new InvalidInputException(
                    "monitoring." + name,
                    "invalid_attribute",
                    "monitoring attribute '" + name + "' must be 1 to " + MAX_LENGTH + " printable characters, got "
                            + describe(value, length));
        }
    }

    private static boolean printable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SURROGATE,
                    Character.UNASSIGNED,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.PRIVATE_USE -> false;
            default -> true;
        };
    }

    /** The value as an error message shows it: its length when long, never raw control characters. */
    private static String describe(String value, long length) {
        if (length == 0) {
            return "an empty string";
        }
        if (length > MAX_LENGTH) {
            return "a string of " + length + " characters";
        }
        return "a string with unprintable characters";
    }
}
