package org.loanmodel.smoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.loanmodel.client.LoanApiClient;
import org.loanmodel.client.ServedModel;
import org.loanmodel.model.FeatureKind;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.model.LoanApplication;

/**
 * The {@code /predict} bodies smoke sends, following the served schema: one valid application and
 * invalid ones that must be refused with a given code on a given field.
 *
 * <p>For the original system's seven features the valid body is its walkthrough's example and the
 * invalid ones are its test script's. For any other schema the valid application takes the middle
 * of each feature's accepted range (whole numbers rounded down) and the first code of each category;
 * the invalid ones break the first feature's rule, leave out the first required feature, and send
 * malformed JSON.
 */
final class SmokeRequests {
    /** The original system's example application. */
    static final String SEED_APPLICATION = "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000, \"loan_term\": 36,"
            + " \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A body that must be refused.
     *
     * @param name the check's name, e.g. {@code reject an out-of-range age}
     * @param body what is sent
     * @param code the expected error code
     * @param field the field the error must name, or null when none
     */
    record Invalid(String name, String body, String code, String field) {}

    private final String valid;
    private final List<Invalid> invalid;

    private SmokeRequests(String valid, List<Invalid> invalid) {
        this.valid = valid;
        this.invalid = List.copyOf(invalid);
    }

    /** The requests for a service serving {@code model}. */
    static SmokeRequests forModel(ServedModel model) {
        return model.hasSeedSchema() ? seed() : forSchema(model.schema());
    }

    /** The original system's requests. */
    static SmokeRequests seed() {
        return new SmokeRequests(
                SEED_APPLICATION,
                List.of(
                        new Invalid(
                                "reject a missing feature",
                                SEED_APPLICATION.replace(", \"credit_score\": 720", ""),
                                "missing_field",
                                "credit_score"),
                        new Invalid(
                                "reject an out-of-range age",
                                SEED_APPLICATION.replace("\"age\": 35", "\"age\": 5"),
                                "out_of_range",
                                "age"),
                        new Invalid(
                                "reject a non-numeric income",
                                SEED_APPLICATION.replace("75000", "\"lots\""),
                                "not_a_number",
                                "income"),
                        new Invalid(
                                "reject an unknown loan_term",
                                SEED_APPLICATION.replace("\"loan_term\": 36", "\"loan_term\": 13"),
                                "not_allowed_category",
                                "loan_term"),
                        malformed("{\"age\": 35,")));
    }

    /** Requests built from any schema's rules. */
    static SmokeRequests forSchema(FeatureSchema schema) {
        String valid = LoanApiClient.applicationJson(validApplication(schema));
        List<Invalid> invalid = new ArrayList<>();
        schema.features().stream()
                .filter(f -> !f.optional())
                .findFirst()
                .ifPresent(required -> invalid.add(new Invalid(
                        "reject a missing feature",
                        edit(valid, body -> body.remove(required.name())),
                        "missing_field",
                        required.name())));
        FeatureSpec first = schema.feature(0);
        String name = first.name();
        if (first.kind() == FeatureKind.CATEGORY) {
            double unknown = first.categories().stream()
                            .mapToDouble(Double::doubleValue)
                            .max()
                            .orElseThrow()
                    + 1;
            invalid.add(new Invalid(
                    "reject an unknown " + name,
                    edit(valid, body -> body.put(name, unknown)),
                    "not_allowed_category",
                    name));
        } else {
            // A feature that accepts any finite number (an imported one) has no value out of
            // range: the check goes to the first feature with a bound, if any.
            schema.features().stream()
                    .filter(f -> f.kind() != FeatureKind.CATEGORY && f.max() < Double.MAX_VALUE)
                    .findFirst()
                    .ifPresent(ranged -> {
                        double beyond = ranged.max() + Math.max(1, Math.abs(ranged.max()));
                        invalid.add(new Invalid(
                                "reject an out-of-range " + ranged.name(),
                                edit(valid, body -> body.put(ranged.name(), beyond)),
                                "out_of_range",
                                ranged.name()));
                    });
        }
        invalid.add(new Invalid(
                "reject a non-numeric " + name, edit(valid, body -> body.put(name, "lots")), "not_a_number", name));
        invalid.add(malformed("{\"" + name + "\": 1,"));
        return new SmokeRequests(valid, invalid);
    }

    /** A body cut short after its first field. */
    private static Invalid malformed(String body) {
        return new Invalid("reject malformed JSON", body, "malformed_json", null);
    }

    /** The middle of each accepted range, whole numbers rounded down; the first code of each category. */
    static LoanApplication validApplication(FeatureSchema schema) {
        double[] values = new double[schema.size()];
        for (int i = 0; i < values.length; i++) {
            FeatureSpec feature = schema.feature(i);
            double middle = feature.min() / 2 + feature.max() / 2;
            values[i] = switch (feature.kind()) {
                case CATEGORY -> feature.categories().get(0);
                case INTEGER -> Math.max(Math.floor(middle), Math.ceil(feature.min()));
                case NUMBER -> middle;
            };
        }
        return LoanApplication.of(schema, values);
    }

    private interface Edit {
        void apply(ObjectNode body);
    }

    private static String edit(String json, Edit edit) {
        ObjectNode body = (ObjectNode) readTree(json);
        edit.apply(body);
        return body.toString();
    }

    /** The valid body. */
    String valid() {
        return valid;
    }

    /** The valid body's value of each feature, to compare with {@code features_received}. */
    JsonNode validValues() {
        return readTree(valid);
    }

    List<Invalid> invalid() {
        return invalid;
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("smoke's own request is not JSON: " + json, e);
        }
    }
}
