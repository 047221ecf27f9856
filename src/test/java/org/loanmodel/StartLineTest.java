package org.loanmodel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.loanmodel.config.ServeSettings;

/** What the start line says about the settings an operator most needs to see at a glance. */
class StartLineTest {
    @Test
    void theStartLineSaysWhetherDenialsAreExplainedAndWhichReasonsAreLeftOut() {
        ServeSettings defaults = ServeSettings.builder().build();
        assertThat(LoanModelServer.reasonsLine(defaults)).isEqualTo("on");
        assertThat(LoanModelServer.reasonsLine(
                        defaults.toBuilder().reasons(false).build()))
                .isEqualTo("off");
        assertThat(LoanModelServer.reasonsLine(
                        defaults.toBuilder().reasonsMinShare(0.05).build()))
                .isEqualTo("on (a reason beside the most adverse needs 0.05 of its contribution)");
        assertThat(LoanModelServer.reasonsLine(defaults.toBuilder()
                        .reasons(false)
                        .reasonsMinShare(0.05)
                        .build()))
                .isEqualTo("off");
    }
}
