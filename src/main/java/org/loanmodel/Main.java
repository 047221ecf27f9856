package org.loanmodel;

import java.io.PrintWriter;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.loanmodel.cli.ImportCommand;
import org.loanmodel.cli.ServeCommand;
import org.loanmodel.cli.SimulateCommand;
import org.loanmodel.cli.SmokeCommand;
import org.loanmodel.cli.TrainCommand;
import org.loanmodel.config.Environment;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Command-line entry point: {@code serve}, {@code train}, {@code smoke}, {@code simulate}.
 *
 * <p>Example: {@code java -jar target/loan-model-api.jar serve --port 5000 --metrics-port 8001}
 */
@Command(
        name = "loan-model-api",
        description = "A monitored loan-approval model server.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        subcommands = {
            ServeCommand.class,
            TrainCommand.class,
            ImportCommand.class,
            SmokeCommand.class,
            SimulateCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    // Held so the JUL logger keeps its level; JUL only keeps weak references.
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line with the given output streams; lets tests run commands in-process. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.getenv(), args);
    }

    /**
     * Runs a command line with the given output streams and environment variables; lets tests run
     * commands in-process with any environment.
     */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
        routeLibraryLoggingToSlf4j();
        CommandLine commandLine = new CommandLine(new Main(), new Factory(new Environment(environment)))
                .setOut(out)
                .setErr(err);
        // Configuration mistakes are the user's to fix: print the message, not a stack trace.
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                line.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return commandLine.execute(args);
    }

    /** Creates the commands, handing {@code serve} the environment it reads its settings from. */
    private record Factory(Environment environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ServeCommand.class) {
                return type.cast(new ServeCommand(environment));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    /** What {@code --version} prints: the jar's version, or that this is a build from source. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {
                "loan-model-api " + (version == null ? "(development build)" : version) + ", Java " + Runtime.version()
            };
        }
    }

    private static void routeLibraryLoggingToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        // Tribuo logs one line per tree; keep its warnings only.
        TRIBUO_LOG.setLevel(Level.WARNING);
    }
}
