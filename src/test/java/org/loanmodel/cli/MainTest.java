package org.loanmodel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command tree as a user meets it: version, unknown commands, configuration errors. */
class MainTest {

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
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Unmatched argument at index 0: 'serv'\nDid you mean: loan-model-api serve?\n");
    }

    @Test
    void badSettingPrintsOneLineNamingTheFlagAndVariable() {
        CommandRun run = CommandRun.of("serve", "--log-linger", "2s", "--port", "0", "--metrics-port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("error: prediction log linger must be between 0 and 1000ms, got 2000ms"
                        + " (set --log-linger or PREDICTION_LOG_LINGER)\n");
    }

    @Test
    void clientCommandsRefuseANonPositiveTimeoutNamingTheOption() {
        for (String command : new String[] {"smoke", "simulate"}) {
            CommandRun run = CommandRun.of(command, "--timeout", "0s");
            assertThat(run.exitCode()).as(command).isEqualTo(2);
            assertThat(run.err()).as(command).startsWith("--timeout must be positive, got '0s'\n");
        }
    }
}
