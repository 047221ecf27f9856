package org.loanmodel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The shipped local Prometheus config for end-to-end tests: pointed at given metrics ports,
 * scraping and evaluating every second, with the shipped recording rules as they are and a copy of
 * the alert rules whose {@code for:} durations are cut to {@link #ALERT_FOR}; nothing else changed.
 */
final class FastRules {
    static final String ALERT_FOR = "2s";

    private FastRules() {}

    /** The config for targets {@code 127.0.0.1:<port>}; the fast alert copy is written to {@code folder}. */
    static JsonNode config(Path folder, List<Integer> metricsPorts) throws IOException {
        ObjectNode config = (ObjectNode) YamlFiles.read("prometheus/prometheus.yml");
        ObjectNode global = (ObjectNode) config.get("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        ArrayNode ruleFiles = config.putArray("rule_files");
        ruleFiles.add(YamlFiles.path(RuleFiles.RECORDING).toString());
        ruleFiles.add(fastAlerts(folder).toString());
        ArrayNode targets = ((ObjectNode) config.at("/scrape_configs/0/static_configs/0")).putArray("targets");
        metricsPorts.forEach(port -> targets.add("127.0.0.1:" + port));
        return config;
    }

    private static Path fastAlerts(Path folder) throws IOException {
        JsonNode alerts = RuleFiles.alerting();
        RuleFiles.rules(alerts).forEach(rule -> ((ObjectNode) rule).put("for", ALERT_FOR));
        Path file = folder.resolve("alert-rules-fast.yml");
        YamlFiles.MAPPER.writeValue(file.toFile(), alerts);
        return file;
    }
}
