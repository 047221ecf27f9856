package org.loanmodel.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough reading of HTML for the page's tests: start tags with their attributes, found by id
 * or attribute, and the text right after them. Works on the server's HTML and on the DOM Chromium
 * dumps, which both quote every attribute with double quotes.
 */
final class Dom {
    private static final Pattern START_TAG =
            Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)((?:\\s+[^\\s=>/]+(?:=\"[^\"]*\")?)*)\\s*/?>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([^\\s=>/]+)(?:=\"([^\"]*)\")?");

    /**
     * One element as its start tag says.
     *
     * @param tag the tag name
     * @param attributes its attributes, unescaped
     * @param text the text between the start tag and the next tag, unescaped
     * @param start where the start tag begins in the document
     */
    record Element(String tag, Map<String, String> attributes, String text, int start) {
        String attr(String name) {
            return attributes.get(name);
        }

        boolean has(String name) {
            return attributes.containsKey(name);
        }
    }

    private final String html;
    private final List<Element> elements = new ArrayList<>();

    Dom(String html) {
        this.html = html;
        Matcher tag = START_TAG.matcher(html);
        while (tag.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher attribute = ATTRIBUTE.matcher(tag.group(2));
            while (attribute.find()) {
                attributes.put(attribute.group(1), attribute.group(2) == null ? "" : unescape(attribute.group(2)));
            }
            int next = html.indexOf('<', tag.end());
            String text = unescape(html.substring(tag.end(), next < 0 ? html.length() : next));
            elements.add(new Element(tag.group(1).toLowerCase(java.util.Locale.ROOT), attributes, text, tag.start()));
        }
    }

    static String unescape(String text) {
        return text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&nbsp;", "\u00a0")
                .replace("&amp;", "&");
    }

    String html() {
        return html;
    }

    List<Element> elements() {
        return elements;
    }

    Element byId(String id) {
        return elements.stream()
                .filter(e -> id.equals(e.attr("id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no element with id " + id));
    }

    /** Elements carrying an attribute, in document order. */
    List<Element> with(String attribute) {
        return elements.stream().filter(e -> e.has(attribute)).toList();
    }

    /** Elements of a tag that start inside the element with id {@code containerId} (up to its end tag). */
    List<Element> inside(String containerId, String tag) {
        Element container = byId(containerId);
        int end = html.indexOf("</" + container.tag() + ">", container.start());
        return elements.stream()
                .filter(e -> e.start() > container.start()
                        && e.start() < end
                        && e.tag().equals(tag))
                .toList();
    }

    /** The markup from the element with this id to the next element carrying {@code attribute}. */
    String upToNext(String id, String attribute) {
        Element from = byId(id);
        return elements.stream()
                .filter(e -> e.start() > from.start() && e.has(attribute))
                .findFirst()
                .map(e -> html.substring(from.start(), e.start()))
                .orElse(html.substring(from.start()));
    }
}
