package org.loanmodel.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a known model does with traffic. */
public enum ModelRole {
    /** Answers every request. */
    CHAMPION,
    /** Scores every request in the champion's shadow; its decisions are logged and joined to outcomes. */
    CHALLENGER,
    /** Kept in the model directory, scores nothing. */
    RETIRED;

    /** The role's name in the API, e.g. {@code challenger}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a role name.
     *
     * @throws IllegalArgumentException naming the accepted roles
     */
    public static ModelRole parse(String text) {
        for (ModelRole role : values()) {
            if (role.label().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be one of "
                + Arrays.stream(values()).map(ModelRole::label).collect(Collectors.joining(", ")) + ", got '" + text
                + "'");
    }
}
