package org.loanmodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command tree as a user meets it: version, unknown commands, configuration errors. */
class MainTest {

    /** Asserts that the command was refused: exit code 2 and exactly {@code line} on standard error. */
    private static void assertRefused(CommandRun run, String line) {
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(line + "\n");
    }

    @Test
    void versionNamesTheBuildAndTheJavaRuntime() {
        CommandRun run = CommandRun.of("--version");
        assertThat(run.exitCode()).isZero();
        // Tests run from classes, not from the jar whose manifest carries the version.
        assertThat(run.out()).isEqualTo("loan-model-api (development build), Java " + Runtime.version() + "\n");
    }

    @Test
    void misspeltCommandIsAUsageErrorThatSuggestsTheIntendedOne() {
        CommandRun run = CommandRun.of("serv");
        assertRefused(run, "Unmatched argument at index 0: 'serv'\nDid you mean: loan-model-api serve?");
    }

    @Test
    void badSettingPrintsOneLineNamingTheFlagAndVariable() {
        CommandRun run = CommandRun.of("serve", "--log-linger", "2s", "--port", "0", "--metrics-port", "0");
        assertRefused(
                run,
                "error: prediction log linger must be between 0 and 1000ms, got 2000ms"
                        + " (set --log-linger or PREDICTION_LOG_LINGER)");
    }

    @Test
    void aReasonsMinimumShareThatIsNoShareNamesTheFlagAndTheVariable() {
        CommandRun flag = CommandRun.of("serve", "--reasons-min-share", "half", "--port", "0", "--metrics-port", "0");
        assertRefused(
                flag,
                "error: adverse-action reasons' minimum share must be a number from 0 to 1, got 'half'"
                        + " (set --reasons-min-share or ADVERSE_ACTION_REASONS_MIN_SHARE)");
        CommandRun variable = CommandRun.withEnvironment(Map.of("ADVERSE_ACTION_REASONS_MIN_SHARE", "5"), "serve");
        assertRefused(
                variable,
                "error: adverse-action reasons' minimum share must be a number from 0 to 1, got 5"
                        + " (set --reasons-min-share or ADVERSE_ACTION_REASONS_MIN_SHARE)");
    }

    @Test
    void badWarmUpSettingsNameTheFlagAndTheVariable() {
        CommandRun flag = CommandRun.of("serve", "--warm-up", "later", "--port", "0", "--metrics-port", "0");
        assertRefused(
                flag,
                "error: warm-up must be on, off or a number of requests >= 0, got 'later'"
                        + " (set --warm-up or WARM_UP)");
        CommandRun variable = CommandRun.withEnvironment(Map.of("WARM_UP_LIMIT", "1h"), "serve");
        assertRefused(
                variable,
                "error: warm-up limit must be between 1ms and 5m, got 3600000ms"
                        + " (set --warm-up-limit or WARM_UP_LIMIT)");
    }

    @Test
    void shutdownGraceBeyondItsBoundIsRefusedNamingTheFlagAndVariable() {
        CommandRun run = CommandRun.of("serve", "--log-shutdown-grace", "11m", "--port", "0", "--metrics-port", "0");
        assertRefused(
                run,
                "error: prediction log shutdown grace must be between 1ms and 10m, got 660000ms"
                        + " (set --log-shutdown-grace or PREDICTION_LOG_SHUTDOWN_GRACE)");
    }

    @Test
    void clientCommandsRefuseANonPositiveTimeoutNamingTheOption() {
        for (String command : new String[] {"smoke", "simulate"}) {
            CommandRun run = CommandRun.of(command, "--timeout", "0s");
            assertThat(run.exitCode()).as(command).isEqualTo(2);
            assertThat(run.err()).as(command).startsWith("--timeout must be positive, got '0s'\n");
        }
    }

    @Test
    void serveRefusesABadSegmentsFileBeforeOpeningTheLog(@TempDir Path dir) throws java.io.IOException {
        Path segments = java.nio.file.Files.writeString(
                dir.resolve("segments.json"),
                "{\"segments\": [{\"name\": \"age_band\", \"feature\": \"agee\", \"bands\": [{\"group\": \"young\","
                        + " \"to\": 25}]}]}");
        Path log = dir.resolve("log.db");

        CommandRun run = CommandRun.of(
                "serve",
                "--segments",
                segments.toString(),
                "--prediction-log",
                log.toString(),
                "--port",
                "0",
                "--metrics-port",
                "0");

        assertRefused(
                run,
                "error: segments file " + segments + ": segment 'age_band': feature 'agee' is not a feature"
                        + " of the model; expected one of [age, income, loan_amount, loan_term, credit_score,"
                        + " employment_status, loan_purpose] (set --segments or SEGMENTS_FILE)");
        assertThat(log).doesNotExist();
    }

    @Test
    void serveReadsTheSegmentsFileFromTheEnvironment(@TempDir Path dir) {
        Path missing = dir.resolve("absent.json");

        CommandRun run = CommandRun.withEnvironment(
                Map.of(
                        "SEGMENTS_FILE",
                        missing.toString(),
                        "PREDICTION_LOG",
                        dir.resolve("log.db").toString()),
                "serve",
                "--port",
                "0",
                "--metrics-port",
                "0");

        assertRefused(run, "error: segments file not found: " + missing + " (set --segments or SEGMENTS_FILE)");
    }

    @Test
    void serveRefusesAnInvalidHostInOneLine() {
        CommandRun run = CommandRun.of("serve", "--host", "999.1.1.1", "--port", "0", "--metrics-port", "0");

        assertRefused(run, "error: host '999.1.1.1' is not a valid address (set --host or HOST)");
    }

    @Test
    void portVariableThatIsNotANumberIsNamed() {
        CommandRun run = CommandRun.withEnvironment(Map.of("PORT", "abc"), "serve");

        assertRefused(run, "error: environment variable PORT must be a port number 0-65535, got 'abc'");
    }

    @Test
    void zeroEventLoopsIsRefusedNamingTheOptionAndTheRule() {
        CommandRun run = CommandRun.of("serve", "--event-loops", "0", "--port", "0", "--metrics-port", "0");

        assertRefused(run, "error: event loops must be at least 1, got 0 (set --event-loops or EVENT_LOOPS)");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--max-connections|-5|max connections must be at least 1, got -5 (set --max-connections or MAX_CONNECTIONS)",
                "--body-timeout|0s|body timeout must be positive, got 0s (set --body-timeout or REQUEST_BODY_TIMEOUT)",
                "--head-timeout|0ms|head timeout must be positive, got 0s (set --head-timeout or REQUEST_HEAD_TIMEOUT)",
                "--challenger|/nonexistent/challenger.json|model file not found: /nonexistent/challenger.json"
                        + " (set --challenger or CHALLENGERS)",
            })
    void aBadServeSettingNamesItsFlagAndVariable(String flag, String value, String message, @TempDir Path dir) {
        CommandRun run = CommandRun.of(
                "serve",
                flag,
                value,
                "--port",
                "0",
                "--metrics-port",
                "0",
                "--prediction-log",
                dir.resolve("log.db").toString(),
                "--model-dir",
                dir.resolve("models").toString());

        assertRefused(run, "error: " + message + "");
    }

    @ParameterizedTest
    @CsvSource({"train", "import"})
    void anArtifactThatCannotBeWrittenIsRefusedBeforeAnyWork(String command, @TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "not a folder");
        Path out = file.resolve("model.json");
        CommandRun run = command.equals("train")
                ? CommandRun.of("train", "--out", out.toString())
                : CommandRun.of(
                        "import",
                        "--xgboost",
                        "examples/xgboost/model.json",
                        "--reference",
                        "examples/xgboost/reference.csv",
                        "--label",
                        "approved",
                        "--out",
                        out.toString());

        assertRefused(
                run, "error: cannot write the artifact " + out + ": cannot create the folder " + file + " (set --out)");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void variablesApplyWhenNoFlagIsGiven() {
        CommandRun run = CommandRun.withEnvironment(Map.of("PORT", "6000", "PROMETHEUS_METRICS_PORT", "6000"), "serve");

        assertThat(run.err())
                .isEqualTo("error: port and metrics port must differ, both are 6000 (set --port/PORT or"
                        + " --metrics-port/PROMETHEUS_METRICS_PORT)\n");
    }

    @Test
    void flagsWinOverVariables() {
        CommandRun run = CommandRun.withEnvironment(
                Map.of("PORT", "abc", "EVENT_LOOPS", "none"),
                "serve",
                "--port",
                "6001",
                "--metrics-port",
                "6001",
                "--event-loops",
                "1");

        assertThat(run.err())
                .isEqualTo("error: port and metrics port must differ, both are 6001 (set --port/PORT or"
                        + " --metrics-port/PROMETHEUS_METRICS_PORT)\n");
    }

    @Test
    void serveHelpShowsTheSettingsOwnDefaults() {
        CommandRun run = CommandRun.of("serve", "--help");

        assertThat(run.exitCode()).isZero();
        String help = String.join(" ", run.out().split("\\s+"));
        assertThat(help)
                .contains("API port (env PORT, default 5000)")
                .contains("(env PROMETHEUS_METRICS_PORT, default 8001)")
                .contains("(env PREDICTION_LOG, default data/predictions.db)")
                .contains("(env PREDICTION_LOG_LINGER, default 5ms with async commit, none with sync)")
                .contains("(env PREDICTION_LOG_MAX_AGE, default 90d)")
                .contains("(env PREDICTION_LOG_SWEEP_INTERVAL, default 1m)")
                .contains("(env PREDICTION_LOG_QUEUE, default 65536)");
    }

    @Test
    void trainHelpShowsTheShippedSettings() {
        String help = String.join(" ", CommandRun.of("train", "--help").out().split("\\s+"));

        assertThat(help)
                .contains("applications to generate (default: 5000)")
                .contains("number of trees (default: 100)");
    }
}
