package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.loanmodel.ledger.LedgerFixtures.label;
import static org.loanmodel.ledger.LedgerFixtures.record;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.FeatureSpec;
import org.loanmodel.training.LoanDataGenerator;

/**
 * How every store's schema is created, upgraded and refused, run against SQLite and a real
 * PostgreSQL ({@link SqlitePredictionLogTest}, {@link PostgresPredictionLogTest}).
 */
abstract class SchemaMigrationContract extends StoreUnderTest {
    private static final FeatureSchema SCHEMA = LoanDataGenerator.SCHEMA;
    private static final String SERVED_FEATURES =
            "[age, income, loan_amount, loan_term, credit_score, employment_status, loan_purpose]";

    private static final String V2 = "2 JDBC add monitoring attributes and final decisions";
    private static final String V3 = "3 JDBC record challenger decisions";
    private static final String V4 = "4 JDBC record adverse-action reasons";
    private static final String V5 = "5 JDBC record reason texts per model version";
    private static final String V6 = "6 JDBC count decisions per writer";
    /**
     * The history of a log created in a database that already holds tables: version 0 baselined,
     * then every migration.
     */
    private static final String[] CREATED_BESIDE_OTHER_TABLES = {
        "0 BASELINE prediction log made before migrations", "1 JDBC create prediction log", V2, V3, V4, V5, V6
    };

    /** A later release's step, as a new version would be written: one class. */
    static final class V100AddReasonCodes extends LogMigration {
        V100AddReasonCodes() {
            super("100", "add reason codes");
        }

        @Override
        void apply(Statement sql) throws SQLException {
            sql.execute("ALTER TABLE predictions ADD COLUMN reason_codes TEXT");
        }
    }

    /** Another later step. */
    static final class V101AddChallengerScore extends LogMigration {
        V101AddChallengerScore() {
            super("101", "add challenger score");
        }

        @Override
        void apply(Statement sql) throws SQLException {
            sql.execute("ALTER TABLE predictions ADD COLUMN challenger_probability DOUBLE PRECISION");
        }
    }

    /** This build's migrations followed by {@code later} ones. */
    private static List<LogMigration> shippedAnd(LogMigration... later) {
        List<LogMigration> migrations = new ArrayList<>(LogMigrations.forSchema(SCHEMA));
        migrations.addAll(List.of(later));
        return migrations;
    }

    private void openAndClose(FeatureSchema schema) {
        JdbcPredictionStore.open(settings(), schema).close();
    }

    /** Migrates as a build that knows {@code migrations} would. */
    private void migrateWith(List<LogMigration> migrations) throws SQLException {
        String url = settings().jdbcUrl();
        new SchemaMigrator(url, store, SqlDialect.forUrl(url), SCHEMA, migrations).migrate();
    }

    private List<String> history() {
        return query("SELECT version || ' ' || type || ' ' || description FROM prediction_log_schema_history "
                + "ORDER BY installed_rank");
    }

    private List<String> predictionColumns() {
        String url = settings().jdbcUrl();
        try (var connection = java.sql.DriverManager.getConnection(url)) {
            return LogInspection.read(connection, SqlDialect.forUrl(url)).predictions().stream()
                    .map(Column::name)
                    .toList();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** The tables the release before migrations created, written as it wrote them. */
    private void createReleaseOneTables(String incomeColumn) {
        execute(
                "CREATE TABLE predictions (\n  prediction_id TEXT PRIMARY KEY,\n  created_at BIGINT NOT NULL,\n"
                        + "  model_version TEXT NOT NULL,\n  age DOUBLE PRECISION NOT NULL,\n  " + incomeColumn + ",\n"
                        + "  loan_amount DOUBLE PRECISION NOT NULL,\n  loan_term DOUBLE PRECISION NOT NULL,\n"
                        + "  credit_score DOUBLE PRECISION NOT NULL,\n  employment_status DOUBLE PRECISION NOT NULL,\n"
                        + "  loan_purpose DOUBLE PRECISION NOT NULL,\n  probability DOUBLE PRECISION NOT NULL,\n"
                        + "  approval_status SMALLINT NOT NULL,\n  actual_outcome SMALLINT,\n  labelled_at BIGINT)",
                "CREATE INDEX IF NOT EXISTS predictions_created_at ON predictions (created_at)",
                "CREATE TABLE IF NOT EXISTS unverified_feedback (\n  prediction_id TEXT PRIMARY KEY,\n"
                        + "  actual_outcome SMALLINT NOT NULL,\n  predicted_outcome SMALLINT NOT NULL,\n"
                        + "  received_at BIGINT NOT NULL)",
                "CREATE INDEX IF NOT EXISTS unverified_feedback_received_at ON unverified_feedback (received_at)",
                "INSERT INTO predictions VALUES ('old', 7, 'cafecafecafe', 35, 75000, 25000, 36, 720, 1, 1, 0.25, 0,"
                        + " NULL, NULL)");
    }

    @Test
    void newLogIsCreatedAtTheNewestSchemaVersion() {
        openAndClose(SCHEMA);
        assertThat(history()).containsExactly("1 JDBC create prediction log", V2, V3, V4, V5, V6);
        assertThat(predictionColumns())
                .containsExactly(
                        "prediction_id",
                        "created_at",
                        "model_version",
                        "age",
                        "income",
                        "loan_amount",
                        "loan_term",
                        "credit_score",
                        "employment_status",
                        "loan_purpose",
                        "probability",
                        "approval_status",
                        "actual_outcome",
                        "labelled_at",
                        "monitoring_attributes",
                        "final_decision",
                        "final_decided_at",
                        "reasons");
    }

    @Test
    void reopeningAnUpToDateLogRunsNothing() {
        openAndClose(SCHEMA);
        openAndClose(SCHEMA);
        assertThat(history()).containsExactly("1 JDBC create prediction log", V2, V3, V4, V5, V6);
    }

    @Test
    void logIsCreatedBesideTablesThatAreNotItsOwn() throws StoreException {
        execute("CREATE TABLE other_application (id INTEGER PRIMARY KEY)");
        try (JdbcPredictionStore opened = JdbcPredictionStore.open(settings(), SCHEMA)) {
            assertThat(opened.insert(List.of(record("p1", 1, 1)))).isEqualTo(1);
        }
        assertThat(history()).containsExactly(CREATED_BESIDE_OTHER_TABLES);
    }

    @Test
    void anotherApplicationsFlywayHistoryInASharedDatabaseIsLeftAlone() {
        execute(
                "CREATE TABLE flyway_schema_history (installed_rank INT, version VARCHAR(50), description"
                        + " VARCHAR(200), type VARCHAR(20), success BOOLEAN)",
                "INSERT INTO flyway_schema_history VALUES (1, '37', 'their change', 'SQL', TRUE)");
        openAndClose(SCHEMA);
        assertThat(history()).containsExactly(CREATED_BESIDE_OTHER_TABLES);
        assertThat(query("SELECT version FROM flyway_schema_history")).containsExactly("37");
    }

    @Test
    void logMadeBeforeMigrationsIsBaselinedAtVersion1AndKeepsItsRows() throws StoreException {
        createReleaseOneTables("income DOUBLE PRECISION NOT NULL");
        try (JdbcPredictionStore opened = JdbcPredictionStore.open(settings(), SCHEMA)) {
            assertThat(opened.find("old").orElseThrow().modelVersion()).isEqualTo("cafecafecafe");
            assertThat(opened.label(List.of(label("old", 1, 9))).get(0))
                    .isEqualTo(LedgerFixtures.joined(
                            new LabelResult(LabelResult.Status.RECORDED, true, "cafecafecafe", 0, 1, 7, 9),
                            35,
                            75000,
                            25000,
                            36,
                            720,
                            1,
                            1));
            assertThat(opened.find("old").orElseThrow().attributes()).isEmpty();
            assertThat(opened.find("old").orElseThrow().finalDecision()).isNull();
        }
        assertThat(history()).containsExactly("1 BASELINE prediction log made before migrations", V2, V3, V4, V5, V6);
    }

    @Test
    void logMadeBeforeMigrationsThatIsNotVersion1IsRefused() {
        createReleaseOneTables("income DOUBLE PRECISION");
        assertThatThrownBy(() -> openAndClose(SCHEMA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prediction log " + store + " was made before schema migrations but is not what schema"
                        + " version 1 creates: column predictions.income allows NULL, version 1 makes it NOT NULL;"
                        + " set --prediction-log to another " + locationNoun() + " or migrate the log");
        assertThat(query("SELECT COUNT(*) FROM predictions")).containsExactly("1");
    }

    @Test
    void nextVersionMigratesAnExistingLogAndKeepsItsRows() throws Exception {
        try (JdbcPredictionStore opened = JdbcPredictionStore.open(settings(), SCHEMA)) {
            opened.insert(List.of(record("p1", 1, 1)));
        }
        migrateWith(shippedAnd(new V100AddReasonCodes()));
        assertThat(history())
                .containsExactly("1 JDBC create prediction log", V2, V3, V4, V5, V6, "100 JDBC add reason codes");
        assertThat(predictionColumns()).endsWith("final_decided_at", "reasons", "reason_codes");
        assertThat(query("SELECT prediction_id FROM predictions")).containsExactly("p1");
    }

    @Test
    void logNewerThanTheServiceIsRefused() throws Exception {
        migrateWith(shippedAnd(new V100AddReasonCodes(), new V101AddChallengerScore()));
        assertThatThrownBy(() -> openAndClose(SCHEMA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prediction log " + store + " has schema version 101, newer than this service's 6;"
                        + " run a newer release or set --prediction-log to another " + locationNoun());
    }

    @Test
    void logOfAnotherFeatureSchemaIsRefused() {
        openAndClose(new FeatureSchema(
                List.of(FeatureSpec.number("a", 0, 1, "first"), FeatureSpec.number("b", 0, 1, "second"))));
        assertThatThrownBy(() -> openAndClose(SCHEMA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prediction log " + store + " holds features [a, b] but the model reads " + SERVED_FEATURES
                        + "; set --prediction-log to another " + locationNoun() + " or migrate the log");
    }

    @Test
    void logOfTheSameFeaturesInAnotherOrderIsRefused() {
        List<FeatureSpec> swapped = new ArrayList<>(SCHEMA.features());
        swapped.add(0, swapped.remove(1));
        openAndClose(new FeatureSchema(swapped));
        assertThatThrownBy(() -> openAndClose(SCHEMA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("prediction log " + store
                        + " holds features [income, age, loan_amount, loan_term, credit_score, employment_status,"
                        + " loan_purpose] but the model reads " + SERVED_FEATURES);
    }

    @Test
    void logMadeBeforeMigrationsForAnotherModelIsRefusedByItsFeatures() {
        execute("CREATE TABLE predictions (prediction_id TEXT PRIMARY KEY, created_at BIGINT NOT NULL,"
                + " model_version TEXT NOT NULL, tenure DOUBLE PRECISION NOT NULL, probability DOUBLE PRECISION"
                + " NOT NULL, approval_status SMALLINT NOT NULL, actual_outcome SMALLINT, labelled_at BIGINT)");
        assertThatThrownBy(() -> openAndClose(SCHEMA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "prediction log " + store + " holds features [tenure] but the model reads " + SERVED_FEATURES
                                + "; set --prediction-log to another " + locationNoun() + " or migrate the log");
    }
}
