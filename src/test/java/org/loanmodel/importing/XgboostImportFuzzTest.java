package org.loanmodel.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.JsonEdits;

/**
 * Seeded fuzzing of the XGBoost import: the repository's example model with one to three structural
 * edits each (a value of another kind, a field or element removed or added). Every import either
 * succeeds or is refused with {@link IllegalArgumentException} in the importer's words, which the
 * {@code import} command prints as one line; never another exception, which it would print as a
 * stack trace.
 */
class XgboostImportFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    private static final Path EXAMPLE = Path.of("examples", "xgboost");
    private static final List<String> LIBRARY_WORDS = JsonEdits.libraryWordsAnd("JsonToken", "null");

    @TempDir
    Path dir;

    @Test
    void editedModelsImportOrAreRefusedInTheImportersWords() throws IOException {
        JsonNode model = Json.parse(Files.readString(EXAMPLE.resolve("model.json")));
        SplittableRandom random = new SplittableRandom(20261203L);
        Path file = dir.resolve("model.json");
        int imported = 0;
        int refused = 0;
        for (int i = 0; i < 150; i++) {
            List<String> edits = new ArrayList<>();
            Files.writeString(file, JsonEdits.edited(model, random, 3, edits).toString());
            try {
                new XgboostImporter(CLOCK)
                        .run(new XgboostImporter.Request(
                                file,
                                EXAMPLE.resolve("reference.csv"),
                                "approved",
                                EXAMPLE.resolve("schema.json"),
                                0.5));
                imported++;
            } catch (IllegalArgumentException e) {
                refused++;
                assertThat(e.getMessage())
                        .as("try " + i + " " + edits)
                        .isNotBlank()
                        .doesNotContain(LIBRARY_WORDS);
            } catch (RuntimeException e) {
                fail("try " + i + " " + edits + " threw " + e, e);
            }
        }
        // Both branches ran: most edits break the model, some (an attribute, a value still valid) do not.
        assertThat(refused).isGreaterThan(50);
        assertThat(imported).isGreaterThan(5);
    }
}
