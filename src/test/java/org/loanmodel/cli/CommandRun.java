package org.loanmodel.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.loanmodel.Main;

/**
 * A command line run in-process through {@link Main}, error handling included, with its output
 * captured and an environment of the test's choosing (empty unless given).
 *
 * @param exitCode what the command returned
 * @param out standard output
 * @param err standard error
 */
record CommandRun(int exitCode, String out, String err) {

    static CommandRun of(String... args) {
        return withEnvironment(Map.of(), args);
    }

    /** Runs with exactly these environment variables, none of the process's. */
    static CommandRun withEnvironment(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), environment, args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    /** The line of standard output that starts with {@code prefix}; fails when there is none. */
    String line(String prefix) {
        return outLines().stream()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in:\n" + out));
    }
}
