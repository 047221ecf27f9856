package org.loanmodel.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Environment variables as settings read them: each value parsed, with an error that names the
 * variable, the rule and the value, e.g. {@code environment variable PORT must be a port number
 * 0-65535, got 'abc'}. A variable that is unset or blank counts as not given. Taking the variables
 * as a map lets tests give any environment without touching the process's.
 */
public final class Environment {
    private final Map<String, String> variables;

    /** @param variables name to value, e.g. {@link System#getenv()} */
    public Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** The environment of this process. */
    public static Environment system() {
        return new Environment(System.getenv());
    }

    /** The variable's text, trimmed; empty when it is unset or blank. */
    public Optional<String> text(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** A port: {@value ServeSettings#PORT_RULE}. */
    public Optional<Integer> port(String name) {
        return text(name).map(text -> {
            Long value = wholeNumberOrNull(text);
            if (value == null || !ServeSettings.isPort(value)) {
                throw invalid(name, ServeSettings.PORT_RULE, text);
            }
            return value.intValue();
        });
    }

    /** A whole number that fits an {@code int}. */
    public Optional<Integer> integer(String name) {
        return text(name).map(text -> {
            Long value = wholeNumberOrNull(text);
            if (value == null || value != value.intValue()) {
                throw invalid(name, "a whole number", text);
            }
            return value.intValue();
        });
    }

    /** A whole number that fits a {@code long}. */
    public Optional<Long> longInteger(String name) {
        return text(name).map(text -> {
            Long value = wholeNumberOrNull(text);
            if (value == null) {
                throw invalid(name, "a whole number", text);
            }
            return value;
        });
    }

    /** A duration in the forms of {@link DurationParser}. */
    public Optional<Duration> duration(String name) {
        return text(name).map(text -> {
            try {
                return DurationParser.parse(text);
            } catch (IllegalArgumentException e) {
                throw invalid(name, "a duration such as " + DurationParser.FORMS, text);
            }
        });
    }

    /** A file path. */
    public Optional<Path> path(String name) {
        return text(name).map(Path::of);
    }

    private static Long wholeNumberOrNull(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static IllegalArgumentException invalid(String name, String rule, String text) {
        return new IllegalArgumentException(
                "environment variable " + name + " must be " + rule + ", got '" + text + "'");
    }
}
