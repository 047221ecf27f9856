package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.loanmodel.ledger.LedgerFixtures.join;
import static org.loanmodel.ledger.LedgerFixtures.record;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.Main;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.training.LoanDataGenerator;

/** Opening the prediction log as {@code serve} does. */
class JdbcPredictionLogTest {
    @TempDir
    Path dir;

    @Test
    void sqliteFileInAFolderThatDoesNotExistYetIsCreated() {
        Path file = dir.resolve("data/nested/predictions.db");
        try (PredictionLog log = JdbcPredictionLog.open(
                LedgerSettings.defaults(file.toString()),
                LoanDataGenerator.SCHEMA,
                LedgerListener.NONE,
                Clock.systemUTC())) {
            join(log.append(record("p1", 1, 1)));
            assertThat(join(log.find("p1"))).isPresent();
        }
        assertThat(Files.isRegularFile(file)).isTrue();
    }

    @Test
    void urlOfAnotherDatabaseSaysWhatToSet() {
        LedgerSettings other = LedgerSettings.defaults("jdbc:nosuchdb://x");
        assertThatThrownBy(() ->
                        JdbcPredictionLog.open(other, LoanDataGenerator.SCHEMA, LedgerListener.NONE, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot open prediction log jdbc:nosuchdb://x: a prediction log is a SQLite file or a"
                        + " jdbc:sqlite: or jdbc:postgresql: URL (set --prediction-log or PREDICTION_LOG)");
    }

    @Test
    void aFolderThatCannotBeCreatedIsNamed(@org.junit.jupiter.api.io.TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("a-file"), "x");
        LedgerSettings under = LedgerSettings.defaults(file.resolve("log.db").toString());
        assertThatThrownBy(() ->
                        JdbcPredictionLog.open(under, LoanDataGenerator.SCHEMA, LedgerListener.NONE, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot open prediction log " + file.resolve("log.db") + ": cannot create the folder "
                        + file + " (set --prediction-log or PREDICTION_LOG)");
    }

    @Test
    void unreachableServerSaysWhatToSet() {
        LedgerSettings unreachable = LedgerSettings.defaults("jdbc:postgresql://127.0.0.1:1/loans?connectTimeout=2");
        assertThatThrownBy(() -> JdbcPredictionLog.open(
                        unreachable, LoanDataGenerator.SCHEMA, LedgerListener.NONE, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "cannot open prediction log jdbc:postgresql://127.0.0.1:1/loans?connectTimeout=2: ")
                .hasMessageEndingWith(" (set --prediction-log or PREDICTION_LOG)");
    }

    /** What {@code serve} prints to standard error, and its exit code. */
    private static String serve(Path log) {
        StringWriter err = new StringWriter();
        int exit = Main.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--metrics-port",
                "0",
                "--prediction-log",
                log.toString());
        return exit + " " + err;
    }

    @Test
    void serveRefusesALogOfAnotherModelSayingWhatToDo() {
        Path log = dir.resolve("other-model.db");
        JdbcPredictionStore.open(
                        LedgerSettings.defaults(log.toString()),
                        new FeatureSchema(List.of(FeatureSpec.number("tenure", 0, 50, "years as a customer"))))
                .close();
        assertThat(serve(log))
                .isEqualTo(
                        "2 error: prediction log " + log + " holds features [tenure] but the model reads [age, income,"
                                + " loan_amount, loan_term, credit_score, employment_status, loan_purpose]; set"
                                + " --prediction-log to another file or migrate the log\n");
    }

    @Test
    void serveRefusesALogNewerThanItselfSayingWhatToDo() {
        Path log = dir.resolve("newer.db");
        JdbcPredictionStore.open(LedgerSettings.defaults(log.toString()), LoanDataGenerator.SCHEMA)
                .close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + log);
                Statement statement = connection.createStatement()) {
            // What a newer release leaves in the history after its own migrations.
            statement.execute("INSERT INTO prediction_log_schema_history (installed_rank, version, description, type,"
                    + " script, installed_by, execution_time, success) VALUES (100, '100', 'add reason codes', 'JDBC',"
                    + " 'V100AddReasonCodes', 'loan', 1, 1)");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertThat(serve(log))
                .isEqualTo("2 error: prediction log " + log + " has schema version 100, newer than this service's 6;"
                        + " run a newer release or set --prediction-log to another file\n");
    }
}
