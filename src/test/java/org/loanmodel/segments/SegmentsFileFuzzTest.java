package org.loanmodel.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.loanmodel.testing.Json;
import org.loanmodel.testing.JsonEdits;
import org.loanmodel.training.LoanDataGenerator;

/**
 * Seeded fuzzing of the segments file an operator writes: the shipped file with one to three
 * structural edits each. Each either parses or is refused at start with one {@link
 * IllegalArgumentException} naming the file, in the service's words; never another exception.
 */
class SegmentsFileFuzzTest {
    private static final Path SHIPPED = Path.of("src", "main", "resources", "models", "loan-model.segments.json");
    private static final List<String> LIBRARY_WORDS = JsonEdits.libraryWordsAnd("JsonToken");

    @Test
    void editedSegmentsFilesParseOrAreRefusedNamingTheFile() throws IOException {
        JsonNode shipped = Json.parse(Files.readString(SHIPPED));
        SplittableRandom random = new SplittableRandom(20261203L);
        int parsed = 0;
        int refused = 0;
        for (int i = 0; i < 2_000; i++) {
            List<String> edits = new ArrayList<>();
            byte[] bytes =
                    JsonEdits.edited(shipped, random, 3, edits).toString().getBytes(StandardCharsets.UTF_8);
            try {
                SegmentsFile.parse(bytes, "segments.json", LoanDataGenerator.SCHEMA);
                parsed++;
            } catch (IllegalArgumentException e) {
                refused++;
                assertThat(e.getMessage())
                        .as("try " + i + " " + edits)
                        .startsWith("segments file segments.json: ")
                        .doesNotContain(LIBRARY_WORDS);
            } catch (RuntimeException e) {
                fail("try " + i + " " + edits + " threw " + e, e);
            }
        }
        assertThat(refused).isGreaterThan(500);
        assertThat(parsed).isGreaterThan(20);
    }
}
