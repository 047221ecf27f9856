package org.loanmodel.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.loanmodel.testing.Tools;

/** Reads the project's YAML files (and rendered multi-document YAML) as Jackson trees. */
final class YamlFiles {
    static final YAMLMapper MAPPER = new YAMLMapper();

    private YamlFiles() {}

    /** A file of the project, e.g. {@code path("prometheus/alert-rules.yml")}. */
    static Path path(String relative) {
        return Tools.projectDir().resolve(relative);
    }

    static String text(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The single document of a project file. */
    static JsonNode read(String relative) {
        List<JsonNode> documents = documents(text(relative));
        if (documents.size() != 1) {
            throw new AssertionError(relative + " holds " + documents.size() + " YAML documents, expected 1");
        }
        return documents.get(0);
    }

    /** Every non-empty document of a multi-document YAML text, in order. */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator =
                MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && !document.isNull() && !document.isMissingNode() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }
}
