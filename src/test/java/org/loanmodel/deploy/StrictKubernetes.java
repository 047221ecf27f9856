package org.loanmodel.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML documents as the Kubernetes objects they claim to be (fabric8's models), strictly: a
 * field the API does not define, or a number or boolean where the API wants a string (an unquoted
 * annotation value, an env value), fails like the API server would reject it.
 */
final class StrictKubernetes {
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Namespace", Namespace.class,
            "Service", Service.class,
            "Deployment", Deployment.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "PodDisruptionBudget", PodDisruptionBudget.class,
            "ServiceMonitor", ServiceMonitor.class,
            "PrometheusRule", PrometheusRule.class);

    private static final ObjectMapper MAPPER = strictMapper();

    private StrictKubernetes() {}

    /** Every document of a multi-document YAML text, each as the object its {@code kind} names. */
    static List<HasMetadata> parseAll(String yaml) {
        return YamlFiles.documents(yaml).stream().map(StrictKubernetes::parse).toList();
    }

    static HasMetadata parse(JsonNode document) {
        String kind = document.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("unexpected kind '" + kind + "', expected one of " + KINDS.keySet());
        }
        String apiVersion = document.path("apiVersion").asText();
        if (!apiVersion.equals(HasMetadata.getApiVersion(type))) {
            throw new IllegalArgumentException(
                    kind + " must have apiVersion " + HasMetadata.getApiVersion(type) + ", got '" + apiVersion + "'");
        }
        try {
            return MAPPER.treeToValue(document, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(
                    kind + " " + document.at("/metadata/name").asText() + ": " + e.getOriginalMessage() + " at "
                            + e.getLocation(),
                    e);
        }
    }

    /** Any part of an object, e.g. the rule groups of a PrometheusRule, read as strictly. */
    static <T> T read(JsonNode node, com.fasterxml.jackson.core.type.TypeReference<T> type) {
        return MAPPER.convertValue(node, type);
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // fabric8 keeps unknown fields in an "additionalProperties" map (@JsonAnySetter), so
        // FAIL_ON_UNKNOWN_PROPERTIES alone would accept any typo; without the any-setter it fails.
        mapper.registerModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(
                    DeserializationConfig config, BeanDescription description, BeanDeserializerBuilder builder) {
                builder.setAnySetter(null);
                return builder;
            }
        }));
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
