package org.loanmodel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.testing.RunningServer;
import org.loanmodel.testing.TestClient;

/**
 * What any way of deploying the service must get right, checked on the objects it produces: the
 * plain manifests ({@link ManifestsTest}) and the Helm chart ({@link HelmChartTest}) run the same
 * checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeploymentContract {
    static final int API_PORT = 5000;
    static final int METRICS_PORT = 8001;
    /** The label the alert rules select targets by. */
    static final Map<String, String> RULES_LABEL = Map.of("app", "loan-model-api");

    private List<HasMetadata> objects;

    /** The objects this deployment method produces, each read strictly. */
    abstract List<HasMetadata> render();

    /** The kinds it must produce, in any order. */
    abstract List<String> expectedKinds();

    @BeforeAll
    void renderOnce() {
        objects = render();
    }

    <T extends HasMetadata> T only(Class<T> type) {
        List<T> matching =
                objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as("objects of kind " + type.getSimpleName()).hasSize(1);
        return matching.get(0);
    }

    Deployment deployment() {
        return only(Deployment.class);
    }

    Container container() {
        List<Container> containers = pod().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    PodSpec pod() {
        return deployment().getSpec().getTemplate().getSpec();
    }

    Map<String, String> podLabels() {
        return deployment().getSpec().getTemplate().getMetadata().getLabels();
    }

    @Test
    void producesEveryKindOnceInTheMonitoringNamespace() {
        assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrderElementsOf(expectedKinds());
        objects.stream()
                .filter(object -> !object.getKind().equals("Namespace"))
                .forEach(object -> assertThat(object.getMetadata().getNamespace())
                        .as(object.getKind())
                        .isEqualTo("monitoring"));
    }

    @Test
    void serviceAndDeploymentSelectThePodsWhichCarryTheRulesLabel() {
        assertThat(podLabels())
                .containsAllEntriesOf(deployment().getSpec().getSelector().getMatchLabels())
                .containsAllEntriesOf(only(Service.class).getSpec().getSelector())
                .containsAllEntriesOf(RULES_LABEL);
    }

    @Test
    void containerPortsAndProbesMatchWhatTheServiceServes(@TempDir Path folder) {
        Map<String, Integer> ports = container().getPorts().stream()
                .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        assertThat(ports).containsExactlyInAnyOrderEntriesOf(Map.of("http", API_PORT, "metrics", METRICS_PORT));
        assertThat(env()).containsEntry("PORT", "5000").containsEntry("PROMETHEUS_METRICS_PORT", "8001");
        assertThat(container().getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container().getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");

        try (RunningServer server = RunningServer.start(folder)) {
            for (Probe probe : List.of(
                    container().getStartupProbe(),
                    container().getLivenessProbe(),
                    container().getReadinessProbe())) {
                HttpResponse<String> answer = clientFor(
                                server, resolve(probe.getHttpGet().getPort()))
                        .get(probe.getHttpGet().getPath());
                assertThat(answer.statusCode()).as(probe.getHttpGet().getPath()).isEqualTo(200);
            }
        }
    }

    @Test
    void scrapeAnnotationsPointAtTheMetricsEndpoint(@TempDir Path folder) {
        Map<String, String> annotations =
                deployment().getSpec().getTemplate().getMetadata().getAnnotations();

        assertThat(annotations)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", Integer.toString(METRICS_PORT))
                .containsEntry("prometheus.io/path", "/metrics");
        // The chart's kubernetes-service-endpoints job would scrape the same pods a second time.
        assertThat(only(Service.class).getMetadata().getAnnotations()).isNullOrEmpty();
        try (RunningServer server = RunningServer.start(folder)) {
            HttpResponse<String> scrape = clientFor(server, Integer.parseInt(annotations.get("prometheus.io/port")))
                    .get("/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("model_requests_total 0.0");
        }
    }

    @Test
    void serviceExposesBothPortsByName() {
        Map<String, ServicePort> ports = only(Service.class).getSpec().getPorts().stream()
                .collect(Collectors.toMap(ServicePort::getName, port -> port));

        assertThat(ports).containsOnlyKeys("http", "metrics");
        assertThat(ports.get("http").getPort()).isEqualTo(API_PORT);
        assertThat(resolve(ports.get("http").getTargetPort())).isEqualTo(API_PORT);
        assertThat(ports.get("metrics").getPort()).isEqualTo(METRICS_PORT);
        assertThat(resolve(ports.get("metrics").getTargetPort())).isEqualTo(METRICS_PORT);
    }

    @Test
    void serviceMonitorScrapesTheServicesMetricsPortAndKeepsTheRulesLabel() {
        ServiceMonitor monitor = only(ServiceMonitor.class);
        Service service = only(Service.class);
        List<Endpoint> endpoints = monitor.getSpec().getEndpoints();

        assertThat(service.getMetadata().getLabels())
                .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
        assertThat(monitor.getSpec().getNamespaceSelector().getMatchNames())
                .containsExactly(service.getMetadata().getNamespace());
        assertThat(endpoints).hasSize(1);
        assertThat(endpoints.get(0).getPort()).isEqualTo("metrics");
        assertThat(endpoints.get(0).getPath()).isEqualTo("/metrics");
        assertThat(monitor.getSpec().getPodTargetLabels()).containsExactly("app");
    }

    @Test
    void prometheusRuleCarriesTheShippedRulesUnchanged() {
        List<RuleGroup> shipped = StrictKubernetes.read(RuleFiles.allGroups(), new TypeReference<List<RuleGroup>>() {});

        assertThat(only(PrometheusRule.class).getSpec().getGroups()).isEqualTo(shipped);
    }

    @Test
    void runsTheSeedsImageWithoutPullingALocallyLoadedOne() {
        assertThat(container().getImage()).isEqualTo("loan-model-api:latest");
        // With :latest Kubernetes would pull by default, missing the image loaded into Kind.
        assertThat(container().getImagePullPolicy()).isEqualTo("IfNotPresent");
    }

    @Test
    void feedbackTokensComeFromAnOptionalSecretNeverFromTheManifest() {
        var tokens = container().getEnv().stream()
                .filter(variable -> variable.getName().equals("FEEDBACK_TOKENS"))
                .findFirst()
                .orElseThrow();
        assertThat(tokens.getValue()).isNull();
        var secret = tokens.getValueFrom().getSecretKeyRef();
        assertThat(secret.getName()).isEqualTo("loan-model-api-tokens");
        assertThat(secret.getKey()).isEqualTo("feedback-tokens");
        assertThat(secret.getOptional()).isTrue();
    }

    @Test
    void podRunsUnprivilegedWithAReadOnlyRootAndWritableTmpAndData() {
        String dockerUser = Dockerfile.parse(YamlFiles.text("Dockerfile"))
                .runtime()
                .last("USER")
                .orElseThrow()
                .arguments();
        var podSecurity = pod().getSecurityContext();
        var security = container().getSecurityContext();

        assertThat(podSecurity.getRunAsNonRoot()).isTrue();
        assertThat(podSecurity.getRunAsUser() + ":" + podSecurity.getRunAsGroup())
                .isEqualTo(dockerUser);
        assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod().getAutomountServiceAccountToken()).isFalse();
        Map<String, String> mounts = container().getVolumeMounts().stream()
                .collect(Collectors.toMap(mount -> mount.getMountPath(), mount -> mount.getName()));
        assertThat(mounts).containsOnlyKeys("/tmp", "/data");
        assertThat(pod().getVolumes())
                .extracting(volume -> volume.getName())
                .containsExactlyInAnyOrderElementsOf(mounts.values());
        assertThat(env()).containsEntry("PREDICTION_LOG", "/data/predictions.db");
    }

    @Test
    void staysAtOneReplicaWhileEachPodKeepsItsOwnPredictionLog() {
        assertThat(env().get("PREDICTION_LOG")).doesNotStartWith("jdbc:");
        // Absent (left to the autoscaler, as the chart does when it renders one) means 1.
        Integer replicas = deployment().getSpec().getReplicas();
        assertThat(replicas == null ? 1 : replicas).isEqualTo(1);
        HorizontalPodAutoscaler autoscaler = only(HorizontalPodAutoscaler.class);
        assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(1);
        assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(autoscaler.getSpec().getScaleTargetRef().getName())
                .isEqualTo(deployment().getMetadata().getName());
    }

    @Test
    void disruptionBudgetCoversThePodsWithoutBlockingADrainOfTheOnlyOne() {
        PodDisruptionBudget budget = only(PodDisruptionBudget.class);

        assertThat(podLabels())
                .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(budget.getSpec().getMinAvailable()).isNull();
    }

    Map<String, String> env() {
        return container().getEnv().stream()
                .filter(variable -> variable.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    /** A container port given by number or by name. */
    int resolve(IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container().getPorts().stream()
                .filter(candidate -> candidate.getName().equals(port.getStrVal()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    /** A client for the in-process server's port that stands for a container port. */
    private static TestClient clientFor(RunningServer server, int containerPort) {
        return switch (containerPort) {
            case API_PORT -> server.api();
            case METRICS_PORT -> server.metricsPort();
            default -> throw new AssertionError("the service listens on no port " + containerPort);
        };
    }
}
