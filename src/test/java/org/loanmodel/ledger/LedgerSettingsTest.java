package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.loanmodel.testing.Ports;
import org.loanmodel.training.LoanDataGenerator;

/** What logs and messages show of the prediction log's location: never its password. */
class LedgerSettingsTest {
    @Test
    void passwordsInTheLocationAreMaskedWhereverItIsShown() {
        assertThat(LedgerSettings.masked("jdbc:postgresql://db:5432/loans?user=loan&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/loans?user=loan&password=***&ssl=true");
        assertThat(LedgerSettings.masked("jdbc:postgresql://db/loans?PASSWORD=s3cret"))
                .isEqualTo("jdbc:postgresql://db/loans?PASSWORD=***");
        assertThat(LedgerSettings.masked("jdbc:postgresql://db/loans?sslmode=verify-full&sslpassword=k3y"))
                .isEqualTo("jdbc:postgresql://db/loans?sslmode=verify-full&sslpassword=***");
        assertThat(LedgerSettings.masked("jdbc:postgresql://loan:s3cret@db:5432/loans"))
                .isEqualTo("jdbc:postgresql://loan:***@db:5432/loans");
        // Inside a driver's message, up to the end of the URL.
        assertThat(LedgerSettings.masked(
                        "Unable to obtain connection (jdbc:postgresql://db/l?password=s3cret) for user"))
                .isEqualTo("Unable to obtain connection (jdbc:postgresql://db/l?password=***) for user");
        assertThat(LedgerSettings.masked("data/predictions.db")).isEqualTo("data/predictions.db");
        assertThat(LedgerSettings.defaults("jdbc:postgresql://db/loans?user=loan&password=s3cret")
                        .shownLocation())
                .isEqualTo("jdbc:postgresql://db/loans?user=loan&password=***");
    }

    @Test
    void aLogThatCannotBeOpenedIsNamedWithoutItsPassword() {
        String url =
                "jdbc:postgresql://127.0.0.1:" + Ports.free() + "/loans?user=loan&password=s3cret-pw&connectTimeout=2";
        assertThatThrownBy(() -> JdbcPredictionLog.open(
                        LedgerSettings.defaults(url), LoanDataGenerator.SCHEMA, LedgerListener.NONE, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot open prediction log jdbc:postgresql://127.0.0.1:")
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("s3cret");
    }
}
