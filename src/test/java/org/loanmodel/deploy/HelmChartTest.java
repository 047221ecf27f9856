package org.loanmodel.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart {@code charts/loan-model-api}, linted and rendered offline with helm-java (Helm 3
 * embedded): with its Prometheus Operator toggles on it must pass the same contract as the plain
 * manifests, and with its defaults render the same pod.
 */
class HelmChartTest extends DeploymentContract {
    private static final Map<String, Object> ALL_ON =
            Map.of("serviceMonitor.enabled", true, "prometheusRule.enabled", true, "autoscaling.enabled", true);

    @Override
    List<HasMetadata> render() {
        return StrictKubernetes.parseAll(template(ALL_ON));
    }

    @Override
    List<String> expectedKinds() {
        // The namespace is Helm's to create (--create-namespace), not the chart's.
        return List.of(
                "Deployment",
                "Service",
                "HorizontalPodAutoscaler",
                "PodDisruptionBudget",
                "ServiceMonitor",
                "PrometheusRule");
    }

    @Test
    void passesStrictLint() {
        LintResult lint = new Helm(YamlFiles.path("charts/loan-model-api"))
                .lint()
                .strict()
                .call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void rendersNoPrometheusOperatorObjectsByDefault() {
        assertThat(StrictKubernetes.parseAll(template(Map.of())))
                .extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("Deployment", "Service", "PodDisruptionBudget");
    }

    @Test
    void rendersByDefaultThePodOfThePlainManifests() {
        DeploymentContract manifests = new ManifestsTest();
        manifests.renderOnce();
        HelmChartTest defaults = new HelmChartTest() {
            @Override
            List<HasMetadata> render() {
                return StrictKubernetes.parseAll(template(Map.of()));
            }
        };
        defaults.renderOnce();

        assertThat(defaults.pod()).isEqualTo(manifests.pod());
        assertThat(defaults.deployment().getSpec().getTemplate().getMetadata().getAnnotations())
                .isEqualTo(manifests
                        .deployment()
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations());
        assertThat(defaults.podLabels()).containsAllEntriesOf(RULES_LABEL);
    }

    @Test
    void refusesSeveralReplicasWithoutASharedPredictionLog() {
        assertThatThrownBy(() -> template(Map.of("replicaCount", 2)))
                .hasMessageContaining("2 replicas need a prediction log shared by all of them");
        assertThatThrownBy(() -> template(Map.of("autoscaling.enabled", true, "autoscaling.maxReplicas", 3)))
                .hasMessageContaining("3 replicas need a prediction log shared by all of them");
    }

    @Test
    void carriesByteIdenticalCopiesOfTheShippedRules() {
        assertThat(read("charts/loan-model-api/rules/recording-rules.yml"))
                .as("run deploy/sync-rules.sh")
                .isEqualTo(read(RuleFiles.RECORDING));
        assertThat(read("charts/loan-model-api/rules/alert-rules.yml"))
                .as("run deploy/sync-rules.sh")
                .isEqualTo(read(RuleFiles.ALERTING));
    }

    static String template(Map<String, Object> values) {
        TemplateCommand template = new Helm(YamlFiles.path("charts/loan-model-api"))
                .template()
                .withName("loan-model-api")
                .withNamespace("monitoring");
        values.forEach(template::set);
        return template.call();
    }

    private static byte[] read(String relative) {
        try {
            return Files.readAllBytes(YamlFiles.path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
