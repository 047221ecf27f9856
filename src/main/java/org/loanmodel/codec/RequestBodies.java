package org.loanmodel.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.model.Numbers;

/**
 * The rules every JSON request body follows, shared by each body reader: one object and nothing
 * after it, each field once, and errors in the API's words rather than the parser's.
 */
public final class RequestBodies {
    private RequestBodies() {}

    /**
     * Opens a body and reads up to its first field.
     *
     * @param expected what the body should be, for the error message
     * @throws InvalidInputException {@code empty_body}, {@code not_an_object} or {@code
     *     malformed_json}
     */
    public static JsonParser open(byte[] body, String expected) throws IOException {
        if (body == null || body.length == 0) {
            throw new InvalidInputException(null, "empty_body", "request body is empty; expected " + expected);
        }
        JsonParser parser = Json.FACTORY.createParser(body);
        try {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new InvalidInputException(
                        null, "empty_body", "request body holds only whitespace; expected " + expected);
            }
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidInputException(
                        null, "not_an_object", "request body must be " + expected + ", got " + describe(first, parser));
            }
            return parser;
        } catch (JsonProcessingException e) {
            parser.close();
            throw malformed(e);
        } catch (RuntimeException e) {
            parser.close();
            throw e;
        }
    }

    /** Checks that the object just ended and that nothing follows it. */
    public static void expectEnd(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
            throw new InvalidInputException(
                    null, "malformed_json", "request body must hold exactly one JSON object and nothing after it");
        }
    }

    /** The error for a field given twice. */
    public static InvalidInputException duplicate(String name) {
        return new InvalidInputException(name, "duplicate_field", "field '" + name + "' appears more than once");
    }

    /** The error for bytes that are not JSON, located, in the API's words. */
    public static InvalidInputException malformed(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 0
                ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new InvalidInputException(
                null,
                "malformed_json",
                "request body is not valid JSON" + where + ": " + reason(e.getOriginalMessage()));
    }

    /** What the parser found, said without its class names or configuration advice. */
    static String reason(String parserMessage) {
        String message = parserMessage == null ? "" : parserMessage;
        if (message.startsWith("Number value length")) {
            return "a number with more digits than any feature allows";
        }
        if (message.contains("nesting depth")) {
            return "values nested deeper than any request needs";
        }
        if (message.contains("'NaN'") || message.contains("Infinity")) {
            return "NaN and Infinity are not JSON numbers";
        }
        if (message.contains("comment")) {
            return "comments are not allowed";
        }
        if (message.startsWith("Unexpected end-of-input")) {
            return "the body ends before the JSON value is complete";
        }
        if (message.contains("Invalid UTF-8") || message.contains("Invalid UTF-32")) {
            return "the body is not valid UTF-8";
        }
        if (message.contains("Leading zero") || message.contains("Invalid numeric value")) {
            return "a number is not written as JSON requires";
        }
        if (message.contains("Illegal unquoted character") || message.contains("Illegal character")) {
            return "a control character must be escaped inside a string";
        }
        if (message.contains("Unrecognized token")) {
            return "a word that is not a JSON value (strings need double quotes)";
        }
        if (message.contains("was expecting double-quote")) {
            return "field names need double quotes";
        }
        return "an unexpected character";
    }

    /** A short description of a JSON value for error messages: {@code string "35"}, {@code null}. */
    public static String describe(JsonToken token, JsonParser parser) {
        if (token == null) {
            return "nothing";
        }
        try {
            return switch (token) {
                case VALUE_STRING -> "string \"" + abbreviate(parser.getText()) + "\"";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Numbers.format(parser.getDoubleValue());
                case VALUE_TRUE -> "true";
                case VALUE_FALSE -> "false";
                case VALUE_NULL -> "null";
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                default ->
                    "a " + token.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            };
        } catch (IOException | RuntimeException e) {
            // A value the parser cannot finish reading (say, a string cut off by the end of the body).
            return token == JsonToken.VALUE_STRING ? "an unterminated string" : "an incomplete value";
        }
    }

    private static String abbreviate(String text) {
        String printable = text.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
