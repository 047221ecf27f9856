package org.loanmodel.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.loanmodel.model.JsonDocumentErrors;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;

/**
 * The model directory: one artifact file per known version ({@code <version>.json}) and the roles
 * ({@code roles.json}). Every file is written to a temporary name and moved into place, so a crash
 * leaves the old file or the new one, never half of one.
 */
public final class ModelDirectory {
    static final String ROLES = "roles.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;

    /**
     * The roles as stored.
     *
     * @param champion the champion's version
     * @param challengers the challengers' versions, in scoring order
     * @param previousChampions earlier champions, most recent last, for rollback
     */
    public record Roles(String champion, List<String> challengers, List<String> previousChampions) {
        public Roles {
            Objects.requireNonNull(champion, "champion");
            challengers = List.copyOf(Objects.requireNonNull(challengers, "challengers"));
            previousChampions = List.copyOf(Objects.requireNonNull(previousChampions, "previousChampions"));
        }
    }

    public ModelDirectory(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** The roles last written, if any. */
    Optional<Roles> roles() {
        Path file = folder.resolve(ROLES);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Roles.class));
        } catch (JsonProcessingException e) {
            throw unreadable(JsonDocumentErrors.describe(e, "the roles"));
        } catch (IOException e) {
            throw unreadable(e.getMessage());
        }
    }

    private IllegalArgumentException unreadable(String why) {
        return new IllegalArgumentException("model directory " + folder + " has an unreadable " + ROLES + ": " + why
                + " (fix or delete it, or set --model-dir)");
    }

    void writeRoles(Roles roles) {
        try {
            write(ROLES, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(roles));
        } catch (IOException e) {
            throw new ModelDirectoryException("cannot write the model roles to " + folder, e);
        }
    }

    /** Every artifact in the directory. */
    List<LoanModel> models() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<LoanModel> models = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("[0-9a-f]{12}\\.json"))
                    .sorted()
                    .toList()) {
                models.add(ModelArtifact.load(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the model directory " + folder, e);
        }
        return models;
    }

    /** Keeps an artifact under its version's name; an existing file of that version is left as is. */
    void save(LoanModel model) {
        if (Files.exists(folder.resolve(model.version() + ".json"))) {
            return;
        }
        write(
                model.version() + ".json",
                (ModelArtifact.toJson(model) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void write(String name, byte[] content) {
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, ".writing-", ".tmp");
            Files.write(temporary, content);
            try {
                Files.move(
                        temporary,
                        folder.resolve(name),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ModelDirectoryException(
                    "cannot write " + name + " to the model directory " + folder
                            + " (set --model-dir to a writable folder)",
                    e);
        }
    }
}
