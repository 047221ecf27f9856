package org.loanmodel.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the page's HTML from the report's JSON tree, addressing values with the same keys and
 * formats that {@code status.js} uses to refresh them: an element with {@code data-key="a.b.c"}
 * shows that value in its {@code data-format}, and holds the exact number in {@code data-value}.
 * Every text is escaped; nothing is written inline that the page's CSP would refuse.
 */
final class PageWriter {
    /**
     * A table column.
     *
     * @param key the row field it shows
     * @param title its heading
     * @param format a {@link Format#as} format, or {@code text}
     */
    record Column(String key, String title, String format) {}

    private final StringBuilder html = new StringBuilder(64 * 1024);
    private final JsonNode root;

    PageWriter(JsonNode root) {
        this.root = root;
    }

    /**
     * The value at {@code key}: dot-separated fields; in a list, the element whose {@code name} or
     * {@code version} is the next part.
     */
    static JsonNode at(JsonNode node, String key) {
        JsonNode current = node;
        for (String part : key.split("\\.")) {
            if (current.isArray()) {
                JsonNode found = MissingNode.getInstance();
                for (JsonNode element : current) {
                    if (part.equals(element.path("name").asText(null))
                            || part.equals(element.path("version").asText(null))) {
                        found = element;
                        break;
                    }
                }
                current = found;
            } else {
                current = current.path(part);
            }
        }
        return current;
    }

    JsonNode at(String key) {
        return at(root, key);
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Markup written as is: only for constant strings of the page itself. */
    PageWriter raw(String markup) {
        html.append(markup);
        return this;
    }

    PageWriter text(String text) {
        html.append(escape(text));
        return this;
    }

    /** A start tag with attributes given as name, value pairs; a null value leaves the attribute out. */
    PageWriter open(String tag, String... attributes) {
        html.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                html.append(' ')
                        .append(attributes[i])
                        .append("=\"")
                        .append(escape(attributes[i + 1]))
                        .append('"');
            }
        }
        html.append('>');
        return this;
    }

    PageWriter close(String tag) {
        html.append("</").append(tag).append('>');
        return this;
    }

    /** An element holding one escaped text. */
    PageWriter element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** A number the script refreshes: {@code <tag id data-key data-format data-value>text</tag>}. */
    PageWriter number(String tag, String id, String key, String format, String... classes) {
        Double value = number(at(key));
        return element(
                tag,
                Format.as(format, value),
                "id",
                id,
                "class",
                classes.length == 0 ? null : String.join(" ", classes),
                "data-key",
                key,
                "data-format",
                format,
                "data-value",
                Format.raw(value));
    }

    private static Double number(JsonNode node) {
        return node.isNumber() ? node.doubleValue() : null;
    }

    /** A cell's text in a column's format. */
    private static String cell(JsonNode value, String format) {
        if ("text".equals(format)) {
            return value.isNull() || value.isMissingNode() ? Format.UNKNOWN : value.asText();
        }
        return Format.as(format, number(value));
    }

    /**
     * A table of the list at {@code listKey}, one row per element keyed by {@code rowKey} fields
     * (joined by "/"); with {@code flatten}, each element's list of that name gives the rows, with
     * the element's own fields beside each row's.
     */
    PageWriter table(String id, String listKey, String rowKey, String flatten, List<Column> columns) {
        open("table", "id", id, "data-list", listKey, "data-row-key", rowKey, "data-flatten", flatten);
        open("thead").open("tr");
        for (Column column : columns) {
            element("th", column.title(), "data-col", column.key(), "data-format", column.format());
        }
        close("tr").close("thead").open("tbody");
        for (JsonNode row : rows(at(listKey), flatten)) {
            open("tr", "data-row", rowId(row, rowKey));
            for (Column column : columns) {
                JsonNode value = row.path(column.key());
                String raw = "text".equals(column.format()) ? null : Format.raw(number(value));
                element("td", cell(value, column.format()), "data-col", column.key(), "data-value", raw);
            }
            close("tr");
        }
        return close("tbody").close("table");
    }

    private static List<JsonNode> rows(JsonNode list, String flatten) {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode element : list) {
            if (flatten == null) {
                rows.add(element);
                continue;
            }
            for (JsonNode inner : element.path(flatten)) {
                com.fasterxml.jackson.databind.node.ObjectNode row = element.deepCopy();
                row.remove(flatten);
                row.setAll((com.fasterxml.jackson.databind.node.ObjectNode) inner);
                rows.add(row);
            }
        }
        return rows;
    }

    private static String rowId(JsonNode row, String rowKey) {
        List<String> parts = new ArrayList<>();
        for (String field : rowKey.split(",")) {
            parts.add(row.path(field).asText(""));
        }
        return String.join("/", parts);
    }

    @Override
    public String toString() {
        return html.toString();
    }
}
