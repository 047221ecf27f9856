package org.loanmodel.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.loanmodel.client.MetricSamples;

/**
 * A parsed Prometheus text exposition: sample name with labels (as exposed, labels sorted by name)
 * to value, e.g. {@code model_feedback_total{model_version="abc",outcome="tp"}} to 3.0.
 */
public final class Scrape {
    private final Map<String, Double> samples;

    private Scrape(Map<String, Double> samples) {
        this.samples = samples;
    }

    /** Parses with the client's exposition parser and keys each sample as the exposition shows it. */
    public static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (MetricSamples.Sample sample : MetricSamples.parse(text).samples()) {
            samples.put(key(sample), sample.value());
        }
        return new Scrape(samples);
    }

    /** {@code name{a="x",b="y"}}, label values escaped as in the text format. */
    private static String key(MetricSamples.Sample sample) {
        if (sample.labels().isEmpty()) {
            return sample.name();
        }
        return sample.labels().entrySet().stream()
                .map(label -> label.getKey() + "=\"" + escape(label.getValue()) + "\"")
                .collect(Collectors.joining(",", sample.name() + "{", "}"));
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** The value of a sample, e.g. {@code value("model_requests_total")}; fails when absent. */
    public double value(String sample) {
        Double value = samples.get(sample);
        if (value == null) {
            throw new AssertionError("no sample " + sample + " in the scrape");
        }
        return value;
    }

    public boolean has(String sample) {
        return samples.containsKey(sample);
    }

    public Map<String, Double> samples() {
        return samples;
    }
}
