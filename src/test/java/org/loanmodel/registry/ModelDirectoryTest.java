package org.loanmodel.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void rolesReadBackAsWritten() {
        ModelDirectory directory = new ModelDirectory(dir);
        ModelDirectory.Roles roles =
                new ModelDirectory.Roles("aaaaaaaaaaaa", List.of("bbbbbbbbbbbb"), List.of("cccccccccccc"));
        directory.writeRoles(roles);
        assertThat(directory.roles()).contains(roles);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"champion\": 5}|field 'challengers' is missing",
                "{\"challengers\": [], \"previousChampions\": []}|field 'champion' is missing",
                "{\"champion\": \"a\", \"challengers\": {}, \"previousChampions\": []}|"
                        + "field 'challengers' must be an array",
                "{\"champion\": \"a\", \"challengers\": [], \"previousChampions\": [], \"extra\": 1}|"
                        + "field 'extra' is not part of the roles",
                "[1]|the document must be an object",
                "{\"champion\"|it is not valid JSON (line 1, column 12)",
            })
    void unreadableRolesAreNamedByFieldAndRule(String content, String why) throws IOException {
        Files.writeString(dir.resolve(ModelDirectory.ROLES), content);
        assertThatThrownBy(() -> new ModelDirectory(dir).roles())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model directory " + dir + " has an unreadable roles.json: " + why
                        + " (fix or delete it, or set --model-dir)");
    }
}
