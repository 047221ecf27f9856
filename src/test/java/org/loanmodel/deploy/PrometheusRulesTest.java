package org.loanmodel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.testing.Tools;

/** The shipped rules and local Prometheus config: valid, unit-tested, and about real metrics. */
class PrometheusRulesTest {
    /**
     * A guard against a promtool that hangs, not a measure of its speed: the unit tests evaluate
     * every rule each minute over a day of samples, 35 s of CPU, and took 78 s on a two-core machine
     * busy with the rest of the suite, past the 60 s this was.
     */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private static final List<String> UNIT_TESTS = List.of(
            "prometheus/tests/serving-test.yml",
            "prometheus/tests/quality-test.yml",
            "prometheus/tests/drift-test.yml",
            "prometheus/tests/alerts-test.yml",
            "prometheus/tests/challenger-test.yml",
            "prometheus/tests/fairness-test.yml");

    @Test
    void ruleFilesPassPromtoolCheck() {
        Path promtool = Tools.require("promtool", "apt-get install prometheus");

        Command check = Command.run(
                Tools.projectDir(),
                TIMEOUT,
                promtool.toString(),
                "check",
                "rules",
                RuleFiles.RECORDING,
                RuleFiles.ALERTING);

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output())
                .contains("SUCCESS: " + RuleFiles.recordNames().size() + " rules found")
                .contains("SUCCESS: " + RuleFiles.alertNames().size() + " rules found");
    }

    @Test
    void promtoolUnitTestsOfEveryRulePass() {
        Path promtool = Tools.require("promtool", "apt-get install prometheus");
        List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
        command.addAll(UNIT_TESTS);

        Command test = Command.run(Tools.projectDir(), TIMEOUT, java.util.Map.of(), command);

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output().split("SUCCESS", -1)).hasSize(UNIT_TESTS.size() + 1);
    }

    @Test
    void everyUnitTestFileOfTheFolderIsRun() {
        try (Stream<Path> files = java.nio.file.Files.list(YamlFiles.path("prometheus/tests"))) {
            assertThat(files.map(file -> "prometheus/tests/" + file.getFileName()))
                    .containsExactlyInAnyOrderElementsOf(UNIT_TESTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyRecordIsCheckedForAValueByAUnitTest() {
        Set<String> tested = new HashSet<>();
        for (String file : UNIT_TESTS) {
            for (JsonNode test : YamlFiles.read(file).get("tests")) {
                test.path("promql_expr_test")
                        .forEach(exprTest -> tested.addAll(
                                PromQl.metricNames(exprTest.get("expr").asText())));
            }
        }

        assertThat(tested).containsAll(RuleFiles.recordNames());
    }

    @Test
    void everyAlertHasAUnitTestWhereItFires() {
        Set<String> firing = new HashSet<>();
        for (String file : UNIT_TESTS) {
            for (JsonNode test : YamlFiles.read(file).get("tests")) {
                for (JsonNode alertTest : test.path("alert_rule_test")) {
                    if (!alertTest.path("exp_alerts").isEmpty()) {
                        firing.add(alertTest.get("alertname").asText());
                    }
                }
            }
        }

        assertThat(firing).containsExactlyInAnyOrderElementsOf(RuleFiles.alertNames());
    }

    @Test
    void rulesReadOnlyMetricsTheServiceExportsOrRecords(@TempDir Path folder) {
        Set<String> known = new TreeSet<>(ExportedMetrics.sampleNames(folder));
        known.addAll(ExportedMetrics.PROMETHEUS_SYNTHETIC);
        known.addAll(RuleFiles.recordNames());
        Set<String> read = new TreeSet<>();
        Stream.concat(RuleFiles.rules(RuleFiles.recording()).stream(), RuleFiles.rules(RuleFiles.alerting()).stream())
                .forEach(rule -> read.addAll(PromQl.metricNames(rule.get("expr").asText())));

        assertThat(read).isNotEmpty();
        assertThat(known).containsAll(read);
    }

    @Test
    void localConfigPassesPromtoolCheck() {
        Path promtool = Tools.require("promtool", "apt-get install prometheus");

        Command check = Command.run(
                Tools.projectDir(), TIMEOUT, promtool.toString(), "check", "config", "prometheus/prometheus.yml");

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 2 rule files found");
    }

    @Test
    void localConfigScrapesTheLocalMetricsPortWithTheLabelTheAlertsSelect() {
        JsonNode config = YamlFiles.read("prometheus/prometheus.yml");
        JsonNode job = config.get("scrape_configs").get(0);

        assertThat(config.get("scrape_configs")).hasSize(1);
        assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(job.at("/static_configs/0/targets/0").asText()).isEqualTo("localhost:8001");
        assertThat(job.at("/static_configs/0/labels/app").asText()).isEqualTo("loan-model-api");
        assertThat(YamlFiles.text(RuleFiles.ALERTING)).contains("up{app=\"loan-model-api\"}");
        assertThat(config.get("rule_files").toString()).isEqualTo("[\"recording-rules.yml\",\"alert-rules.yml\"]");
    }
}
