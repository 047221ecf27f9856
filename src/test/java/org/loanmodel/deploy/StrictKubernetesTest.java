package org.loanmodel.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The strict reader rejects what the API server would reject, so the manifest checks mean something. */
class StrictKubernetesTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
              annotations:
                prometheus.io/scrape: %s
            spec:
              %s: 1
              selector:
                matchLabels:
                  app: demo
              template:
                metadata:
                  labels:
                    app: demo
                spec:
                  containers:
                    - name: demo
                      image: demo:1.0.0
            """;

    @Test
    void readsAValidDeployment() {
        Deployment deployment = (Deployment) StrictKubernetes.parseAll(DEPLOYMENT.formatted("\"true\"", "replicas"))
                .get(0);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true");
    }

    @Test
    void rejectsAMisspeltField() {
        assertThatThrownBy(() -> StrictKubernetes.parseAll(DEPLOYMENT.formatted("\"true\"", "replica")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Deployment demo: Unrecognized field \"replica\"");
    }

    @Test
    void rejectsAnUnquotedBooleanWhereTheApiWantsAString() {
        assertThatThrownBy(() -> StrictKubernetes.parseAll(DEPLOYMENT.formatted("true", "replicas")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Deployment demo: Cannot coerce Boolean value (true) to `java.lang.String`");
    }

    @Test
    void rejectsAnApiVersionThatDoesNotServeTheKind() {
        assertThatThrownBy(() -> StrictKubernetes.parseAll(
                        DEPLOYMENT.formatted("\"true\"", "replicas").replace("apps/v1", "extensions/v1beta1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Deployment must have apiVersion apps/v1, got 'extensions/v1beta1'");
    }
}
