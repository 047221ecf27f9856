package org.loanmodel.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;

/**
 * Where {@code train} and {@code import} write their artifact: checked before the work starts, so
 * that a folder that cannot be written is reported at once rather than after minutes of training,
 * and reported in a sentence rather than a stack trace.
 */
final class ArtifactOutput {
    private ArtifactOutput() {}

    /**
     * @throws IllegalArgumentException when the file's folder cannot be created or written
     */
    static void checkWritable(Path out) {
        Path folder = out.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot write the artifact " + out + ": cannot create the folder " + folder + " (set --out)");
        }
        try {
            Files.deleteIfExists(Files.createTempFile(folder, ".probe-", ".tmp"));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot write the artifact " + out + ": the folder " + folder + " is not writable (set --out)");
        }
    }

    /** Writes the artifact, a failure said in a sentence. */
    static void save(LoanModel model, Path out) {
        try {
            ModelArtifact.save(model, out);
        } catch (IOException e) {
            throw refused(out, e);
        }
    }

    private static IllegalArgumentException refused(Path out, IOException e) {
        String why = e instanceof AccessDeniedException
                ? "permission denied"
                : e instanceof NoSuchFileException
                        ? "no such file or folder: " + e.getMessage()
                        : String.valueOf(e.getMessage());
        return new IllegalArgumentException("cannot write the artifact " + out + ": " + why + " (set --out)");
    }
}
