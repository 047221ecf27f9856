package org.loanmodel.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A parsed scrape in the Prometheus text format (version 0.0.4): the metric families declared by
 * {@code # TYPE} lines and every sample with its labels and value.
 *
 * <p>Example: {@code samples.value("model_errors_total", "reason", "invalid_input")}, {@code
 * samples.sum("model_feedback_total")}.
 */
public final class MetricSamples {

    /**
     * One sample line.
     *
     * @param name sample name, e.g. {@code model_prediction_latency_seconds_count}
     * @param labels label names to values, sorted by name
     * @param value the sample value; {@code NaN} and infinities as exposed
     */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final Map<String, String> families;
    private final List<Sample> samples;

    private MetricSamples(Map<String, String> families, List<Sample> samples) {
        this.families = Collections.unmodifiableMap(families);
        this.samples = List.copyOf(samples);
    }

    /**
     * Parses an exposition.
     *
     * @throws IllegalArgumentException naming the line number and the line that is not a sample
     */
    public static MetricSamples parse(String text) {
        Map<String, String> families = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                if (parts.length >= 4) {
                    families.put(parts[2], parts[3]);
                }
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                samples.add(parseSample(line, i + 1));
            }
        }
        return new MetricSamples(families, samples);
    }

    private static Sample parseSample(String line, int number) {
        try {
            int nameEnd = 0;
            while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
                nameEnd++;
            }
            String name = line.substring(0, nameEnd);
            Map<String, String> labels = new TreeMap<>();
            int rest = nameEnd;
            if (rest < line.length() && line.charAt(rest) == '{') {
                rest = parseLabels(line, rest + 1, labels);
            }
            String[] valueAndTime = line.substring(rest).strip().split(" ");
            return new Sample(name, Collections.unmodifiableMap(labels), parseValue(valueAndTime[0]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("line " + number + " of the scrape is not a sample: " + line, e);
        }
    }

    /** Reads {@code a="x",b="y"}} from {@code start}; returns the index after the closing brace. */
    private static int parseLabels(String line, int start, Map<String, String> labels) {
        int i = start;
        while (line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String label = line.substring(i, equals).strip();
            if (line.charAt(equals + 1) != '"') {
                throw new IllegalArgumentException("label value of " + label + " is not quoted");
            }
            StringBuilder value = new StringBuilder();
            i = equals + 2;
            while (line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\') {
                    char escaped = line.charAt(++i);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
                i++;
            }
            labels.put(label, value.toString());
            i++;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** True when a {@code # TYPE} line declares the family, e.g. {@code model_requests_total}. */
    public boolean hasFamily(String name) {
        return families.containsKey(name);
    }

    /** Declared families, name to type ({@code counter}, {@code gauge}, {@code histogram}, ...). */
    public Map<String, String> families() {
        return families;
    }

    public List<Sample> samples() {
        return samples;
    }

    /**
     * The value of the sample with exactly these labels.
     *
     * @param labelPairs label name, value, name, value, ...
     */
    public OptionalDouble value(String name, String... labelPairs) {
        Map<String, String> wanted = pairs(labelPairs);
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().equals(wanted)) {
                return OptionalDouble.of(sample.value());
            }
        }
        return OptionalDouble.empty();
    }

    /** The sum over every sample of that name whose labels include {@code labelPairs}; 0 when none. */
    public double sum(String name, String... labelPairs) {
        Map<String, String> wanted = pairs(labelPairs);
        double sum = 0;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().entrySet().containsAll(wanted.entrySet())) {
                sum += sample.value();
            }
        }
        return sum;
    }

    private static Map<String, String> pairs(String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs, got " + labelPairs.length);
        }
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return labels;
    }
}
