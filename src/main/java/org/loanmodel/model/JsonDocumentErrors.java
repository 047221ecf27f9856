package org.loanmodel.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Why a JSON document the service reads (a model artifact, the model directory's roles) could not
 * be read, in the document's own terms: the field by its path ({@code
 * metadata.schema.features[2].max}) and the rule it breaks, never the JSON library's class names.
 */
public final class JsonDocumentErrors {
    private JsonDocumentErrors() {}

    /**
     * @param document what the document is, for a field it does not have ("a model artifact")
     */
    public static String describe(JsonProcessingException e, String document) {
        if (!(e instanceof JsonMappingException mapping)) {
            JsonLocation location = e.getLocation();
            return location == null || location.getLineNr() < 0
                    ? "it is not valid JSON"
                    : "it is not valid JSON (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        String path = path(mapping.getPath());
        if (mapping.getCause() instanceof JsonProcessingException syntax && !(syntax instanceof JsonMappingException)) {
            // The text broke (it ended early, or a character is wrong) while a field was being read.
            return describe(syntax, document) + (path.isEmpty() ? "" : ", in field '" + path + "'");
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            // The path ends with the unknown field itself.
            return "field '" + (path.isEmpty() ? unknown.getPropertyName() : path) + "' is not part of " + document;
        }
        if (e instanceof ValueInstantiationException refused) {
            return refusal(path, refused.getCause());
        }
        if (e instanceof InvalidNullException) {
            return "field '" + path + "' must not be null";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return (path.isEmpty() ? "the document" : "field '" + path + "'") + " must be "
                    + kind(mismatch.getTargetType());
        }
        return path.isEmpty() ? "it is not " + document : "field '" + path + "' cannot be read";
    }

    /** A record's own check refused the values: a missing component (its name) or a broken rule. */
    private static String refusal(String path, Throwable cause) {
        String where = path.isEmpty() ? "the document" : "'" + path + "'";
        if (cause instanceof NullPointerException
                && cause.getMessage() != null
                && !cause.getMessage().contains(" ")) {
            return "field '" + join(path, cause.getMessage()) + "' is missing";
        }
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return where + ": " + cause.getMessage();
        }
        return where + " is not valid";
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String kind(Class<?> type) {
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants()).toString().toLowerCase(java.util.Locale.ROOT);
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.isInterface()) {
            return "an object";
        }
        return "a value of another kind";
    }
}
