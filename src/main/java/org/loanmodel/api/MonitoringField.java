package org.loanmodel.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.loanmodel.codec.ApplicationCodec;
import org.loanmodel.codec.RequestBodies;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.segments.MonitoringAttributes;

/**
 * The {@code monitoring} object of a {@code POST /predict} body, {@code {"applicant_group": "b"}}:
 * configured attribute names only, each with a string value. One instance per request.
 */
final class MonitoringField implements ApplicationCodec.OtherField {
    static final String NAME = "monitoring";

    private final ApplicationCodec applications;
    private final Set<String> configured;
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private boolean seen;

    /** @param configured the attribute names the segments define */
    MonitoringField(ApplicationCodec applications, Set<String> configured) {
        this.applications = applications;
        this.configured = configured;
    }

    @Override
    public void read(String name, JsonParser parser) throws IOException {
        if (!name.equals(NAME)) {
            throw applications.unknownField(name);
        }
        if (seen) {
            throw RequestBodies.duplicate(NAME);
        }
        seen = true;
        JsonToken token = parser.nextToken();
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            throw new InvalidInputException(
                    NAME,
                    "not_an_object",
                    "field 'monitoring' must be an object of attribute strings, got "
                            + RequestBodies.describe(token, parser));
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            readAttribute(parser.currentName(), parser);
        }
    }

    private void readAttribute(String attribute, JsonParser parser) throws IOException {
        String field = NAME + "." + attribute;
        if (!configured.contains(attribute)) {
            throw new InvalidInputException(
                    field,
                    "unknown_field",
                    "monitoring attribute '" + attribute + "' is not configured; expected "
                            + (configured.isEmpty() ? "none (no segments define attributes)" : configured.toString()));
        }
        if (!names.add(attribute)) {
            throw RequestBodies.duplicate(field);
        }
        JsonToken token = parser.nextToken();
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidInputException(
                    field,
                    "not_a_string",
                    "monitoring attribute '" + attribute + "' must be a string, got "
                            + RequestBodies.describe(token, parser));
        }
        String value = parser.getText();
        MonitoringAttributes.check(attribute, value);
        values.put(attribute, value);
    }

    /** What the body carried; none when it had no {@code monitoring} field. */
    MonitoringAttributes attributes() {
        return values.isEmpty() ? MonitoringAttributes.NONE : new MonitoringAttributes(values);
    }
}
