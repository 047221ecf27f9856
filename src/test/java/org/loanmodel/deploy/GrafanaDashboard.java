package org.loanmodel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The shipped Grafana dashboard, {@code grafana/loan-model-api.json}, and its panel queries. */
final class GrafanaDashboard {
    static final String FILE = "grafana/loan-model-api.json";

    /** One query of one panel. */
    record Query(String panel, String expr) {}

    private GrafanaDashboard() {}

    static JsonNode read() {
        try {
            return new ObjectMapper().readTree(YamlFiles.text(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel, those nested in collapsed rows included. */
    static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : read().get("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(
                        panel.get("title").asText(), target.get("expr").asText()));
            }
        }
        return queries;
    }
}
