package org.loanmodel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The shipped Prometheus rule files, {@code prometheus/recording-rules.yml} and {@code alert-rules.yml}. */
final class RuleFiles {
    static final String RECORDING = "prometheus/recording-rules.yml";
    static final String ALERTING = "prometheus/alert-rules.yml";

    private RuleFiles() {}

    static JsonNode recording() {
        return YamlFiles.read(RECORDING);
    }

    static JsonNode alerting() {
        return YamlFiles.read(ALERTING);
    }

    /** Every rule of a rule file (recording or alerting), across its groups. */
    static List<JsonNode> rules(JsonNode ruleFile) {
        List<JsonNode> rules = new ArrayList<>();
        ruleFile.get("groups").forEach(group -> group.get("rules").forEach(rules::add));
        return rules;
    }

    static List<String> recordNames() {
        return rules(recording()).stream()
                .map(rule -> rule.get("record").asText())
                .toList();
    }

    static List<String> alertNames() {
        return rules(alerting()).stream()
                .map(rule -> rule.get("alert").asText())
                .toList();
    }

    /** The groups of both files, recording first: what a PrometheusRule's {@code spec.groups} holds. */
    static JsonNode allGroups() {
        var groups = YamlFiles.MAPPER.createArrayNode();
        recording().get("groups").forEach(groups::add);
        alerting().get("groups").forEach(groups::add);
        return groups;
    }
}
