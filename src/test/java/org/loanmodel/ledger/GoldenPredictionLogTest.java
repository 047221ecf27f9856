package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanmodel.ledger.LedgerFixtures.joined;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.ledger.LabelResult.Status;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.testing.Databases;

/**
 * A prediction log written by the last release before migrations (golden/prediction-log-release-1,
 * described in its .md) opens after the upgrade with every row kept, and feedback still joins it.
 */
class GoldenPredictionLogTest {
    private static final String GOLDEN = "/golden/prediction-log-release-1";
    private static final FeatureSchema SERVED = ModelArtifact.loadDefault().schema();
    private static final String RELEASE_MODEL = "976a5d31a81b";

    @TempDir
    Path dir;

    private Path copy;

    @BeforeEach
    void copyTheGoldenLog() throws IOException {
        copy = dir.resolve("predictions.db");
        try (InputStream golden = getClass().getResourceAsStream(GOLDEN + ".db")) {
            Files.copy(golden, copy);
        }
    }

    private JdbcPredictionStore open() {
        return JdbcPredictionStore.open(LedgerSettings.defaults(copy.toString()), SERVED);
    }

    /** One row of the CSV: the stored values, empty fields for NULL. */
    private record GoldenRow(String[] fields) {
        String id() {
            return fields[0];
        }

        long createdAt() {
            return Long.parseLong(fields[1]);
        }

        double[] features() {
            return Arrays.stream(fields, 3, 10).mapToDouble(Double::parseDouble).toArray();
        }

        int approval() {
            return Integer.parseInt(fields[11]);
        }

        boolean labelled() {
            return fields.length > 12 && !fields[12].isEmpty();
        }
    }

    private static List<GoldenRow> rows() throws IOException {
        try (InputStream csv = GoldenPredictionLogTest.class.getResourceAsStream(GOLDEN + ".csv")) {
            List<String> lines = new String(csv.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            assertThat(lines.get(0))
                    .isEqualTo("prediction_id,created_at,model_version,age,income,loan_amount,loan_term,"
                            + "credit_score,employment_status,loan_purpose,probability,approval_status,"
                            + "actual_outcome,labelled_at");
            List<GoldenRow> rows = new ArrayList<>();
            lines.subList(1, lines.size()).forEach(line -> rows.add(new GoldenRow(line.split(",", -1))));
            return rows;
        }
    }

    @Test
    void everyRowOfTheReleaseIsKeptWithItsValues() throws Exception {
        List<GoldenRow> rows = rows();
        assertThat(rows).hasSize(20);
        try (JdbcPredictionStore store = open()) {
            assertThat(store.countRows()).isEqualTo(20);
            for (GoldenRow row : rows) {
                String[] f = row.fields();
                StoredPrediction stored = store.find(row.id()).orElseThrow();
                assertThat(stored.createdAtMillis()).isEqualTo(row.createdAt());
                assertThat(stored.modelVersion()).isEqualTo(f[2]).isEqualTo(RELEASE_MODEL);
                assertThat(stored.features())
                        .containsExactly(Arrays.stream(f, 3, 10)
                                .mapToDouble(Double::parseDouble)
                                .toArray());
                assertThat(stored.probability()).isEqualTo(Double.parseDouble(f[10]));
                assertThat(stored.approvalStatus()).isEqualTo(row.approval());
                assertThat(stored.actualOutcome()).isEqualTo(row.labelled() ? Integer.valueOf(f[12]) : null);
                assertThat(stored.labelledAtMillis()).isEqualTo(row.labelled() ? Long.valueOf(f[13]) : null);
            }
        }
        assertThat(rows.stream().filter(GoldenRow::labelled).map(GoldenRow::id))
                .containsExactly(
                        "01a23365-0489-7414-ba4f-5ef7a63281fa",
                        "01a23365-04a7-7617-a322-595a884659b4",
                        "01a23365-04b7-7333-9f08-ed1d3fa9d09a",
                        "01a23365-0507-7035-a93c-8130199f5ca7",
                        "01a23365-0528-7dd6-9354-0ac8fdc5e2c1");
    }

    @Test
    void oldLogIsBaselinedAtVersion1OnceMigratedAndReopensAsIs() throws SQLException {
        open().close();
        open().close();
        assertThat(history())
                .containsExactly(
                        "1 BASELINE prediction log made before migrations",
                        "2 JDBC add monitoring attributes and final decisions",
                        "3 JDBC record challenger decisions",
                        "4 JDBC record adverse-action reasons",
                        "5 JDBC record reason texts per model version",
                        "6 JDBC count decisions per writer");
    }

    @Test
    void oldLogsRowsAreCountedOnceByTheMigrationThatStartsTheCount() throws Exception {
        try (JdbcPredictionStore store = open()) {
            assertThat(store.countRows()).isEqualTo(rows().size());
        }
        assertThat(query("SELECT writer || ' ' || decisions FROM prediction_counts"))
                .containsExactly("before counting " + rows().size());
    }

    @Test
    void outcomeForAnOldUnlabelledIdIsRecordedAndJoinedWithTheStoredModelVersion() throws Exception {
        GoldenRow unlabelled = rows().get(0);
        assertThat(unlabelled.labelled()).isFalse();
        try (JdbcPredictionStore store = open()) {
            long at = unlabelled.createdAt() + 86_400_000;
            assertThat(store.label(List.of(new LabelRequest(unlabelled.id(), 1, -1, at)))
                            .get(0))
                    .isEqualTo(joined(
                            new LabelResult(
                                    Status.RECORDED,
                                    true,
                                    RELEASE_MODEL,
                                    unlabelled.approval(),
                                    1,
                                    unlabelled.createdAt(),
                                    at),
                            unlabelled.features()));
        }
    }

    @Test
    void outcomesForOldLabelledIdsAreDuplicatesOrConflictsAsStored() throws Exception {
        // 01a23365-04a7-…: approved, labelled 0 (a false positive) at 1796158592128.
        String id = "01a23365-04a7-7617-a322-595a884659b4";
        double[] features = rows().stream()
                .filter(row -> row.id().equals(id))
                .findFirst()
                .orElseThrow()
                .features();
        long created = 1796158588071L;
        long labelled = 1796158592128L;
        try (JdbcPredictionStore store = open()) {
            assertThat(store.label(List.of(
                            new LabelRequest(id, 0, -1, labelled + 1), new LabelRequest(id, 1, -1, labelled + 2))))
                    .containsExactly(
                            joined(
                                    new LabelResult(Status.DUPLICATE, true, RELEASE_MODEL, 1, 0, created, labelled),
                                    features),
                            joined(
                                    new LabelResult(Status.CONFLICT, true, RELEASE_MODEL, 1, 0, created, labelled),
                                    features));
        }
    }

    @Test
    void oldUnverifiedFeedbackIsStillOnRecord() throws Exception {
        long received = 1796158592188L;
        try (JdbcPredictionStore store = open()) {
            assertThat(store.label(List.of(
                            new LabelRequest("legacy-42", 1, 0, received + 1),
                            new LabelRequest("legacy-42", 0, 0, received + 2))))
                    .containsExactly(
                            new LabelResult(Status.DUPLICATE, false, null, 0, 1, 0, received),
                            new LabelResult(Status.CONFLICT, false, null, 0, 1, 0, received));
        }
    }

    private List<String> history() throws SQLException {
        return query("SELECT version || ' ' || type || ' ' || description"
                + " FROM prediction_log_schema_history ORDER BY installed_rank");
    }

    /** The first column of every row {@code select} gives, as text. */
    private List<String> query(String select) {
        return Databases.column("jdbc:sqlite:" + copy, select);
    }
}
