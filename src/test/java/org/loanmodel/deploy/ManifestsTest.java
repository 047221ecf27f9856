package org.loanmodel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.loanmodel.testing.Tools;

/** The plain manifests in {@code manifests/}: each file read strictly, then the deployment contract. */
class ManifestsTest extends DeploymentContract {
    private static final List<String> FILES = List.of(
            "namespace.yaml",
            "deployment.yaml",
            "hpa.yaml",
            "pdb.yaml",
            "service-monitor.yaml",
            "prometheus-rule.yaml");

    @Override
    List<HasMetadata> render() {
        List<HasMetadata> objects = new ArrayList<>();
        FILES.forEach(file -> objects.addAll(StrictKubernetes.parseAll(YamlFiles.text("manifests/" + file))));
        return objects;
    }

    @Override
    List<String> expectedKinds() {
        return List.of(
                "Namespace",
                "Deployment",
                "Service",
                "HorizontalPodAutoscaler",
                "PodDisruptionBudget",
                "ServiceMonitor",
                "PrometheusRule");
    }

    @Test
    void everyManifestFileIsCheckedAndListedInTheKustomization() {
        try (Stream<Path> files = Files.list(YamlFiles.path("manifests"))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(FILES.stream(), Stream.of("kustomization.yaml"))
                            .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(YamlFiles.read("manifests/kustomization.yaml").get("resources"))
                .extracting(resource -> resource.asText())
                .containsExactlyElementsOf(FILES);
    }

    @Test
    void kustomizeRendersTheSameObjectsOffline() {
        Path kubectl = Tools.require("kubectl", "install kubectl; only its offline kustomize is used");

        // "kubectl kustomize" never contacts a cluster, unlike apply --dry-run.
        Command kustomize =
                Command.run(Tools.projectDir(), Duration.ofSeconds(60), kubectl.toString(), "kustomize", "manifests/");

        assertThat(kustomize.exitCode()).as(kustomize.output()).isZero();
        assertThat(StrictKubernetes.parseAll(kustomize.output())).containsExactlyInAnyOrderElementsOf(render());
    }
}
