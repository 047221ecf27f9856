package org.loanmodel.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds external programs that some tests need (prometheus, promtool, kubectl). A missing program
 * skips the test with a clear message, unless the environment sets {@code
 * LOANMODEL_REQUIRE_TOOLS=true} (as {@code .ci/run} does) or the build runs with {@code
 * -DrequireTools=true}: then it fails, so CI never silently skips.
 */
public final class Tools {
    private Tools() {}

    /** The program's path; skips (or, when tools are required, fails) the test when it is absent. */
    public static Path require(String program, String installHint) {
        Optional<Path> found = find(program);
        if (found.isPresent()) {
            return found.get();
        }
        String message = program + " is not installed (" + installHint + "); skipping";
        if (toolsRequired()) {
            fail(program + " is required (LOANMODEL_REQUIRE_TOOLS=true) but not on PATH: " + installHint);
        }
        assumeTrue(false, message);
        throw new AssertionError("unreachable");
    }

    /** True when missing tools must fail tests instead of skipping them. */
    public static boolean toolsRequired() {
        return Boolean.getBoolean("loanmodel.requireTools")
                || "true".equalsIgnoreCase(System.getenv("LOANMODEL_REQUIRE_TOOLS"));
    }

    /** The program's path on PATH, if any. */
    public static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The project's root folder (where pom.xml is). */
    public static Path projectDir() {
        return Path.of(System.getProperty("loanmodel.projectDir", ".")).toAbsolutePath();
    }
}
