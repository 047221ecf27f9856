package org.loanmodel.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.loanmodel.training.LoanDataGenerator;

/** The segments file: what the shipped one defines, and a message that says what to fix for every mistake. */
class SegmentsFileTest {
    private static final String WHERE = " (set --segments or SEGMENTS_FILE)";

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("segments.json"), json);
    }

    @Test
    void shippedSegmentsAreTheRegulationBAgeBandsAndTheExampleAttribute() {
        Segments segments = Segments.builtIn(LoanDataGenerator.SCHEMA);

        assertThat(segments.segments()).extracting(Segment::name).containsExactly("age_band", "applicant_group");
        Segment age = segments.get(0);
        assertThat(age.feature()).isEqualTo("age");
        assertThat(age.bands())
                .containsExactly(
                        new Band("18-24", 18, 25),
                        new Band("25-61", 25, 62),
                        new Band("62+", 62, Double.POSITIVE_INFINITY));
        assertThat(age.groups()).containsExactly("18-24", "25-61", "62+", "other");
        assertThat(segments.get(1).groups()).containsExactly("a", "b", "c", "other", "unknown");
        assertThat(segments.attributeNames()).containsExactly("applicant_group");
    }

    @Test
    void fileGivenIsReadAgainstTheServedSchema() throws IOException {
        Path file = write("{\"description\": \"credit bands\", \"segments\": [{\"name\": \"score_band\","
                + " \"feature\": \"credit_score\", \"bands\": [{\"group\": \"low\", \"to\": 580},"
                + " {\"group\": \"high\", \"from\": 670}]}]}");

        Segments segments = Segments.read(file, LoanDataGenerator.SCHEMA);

        assertThat(segments.get(0).bands())
                .containsExactly(
                        new Band("low", Double.NEGATIVE_INFINITY, 580),
                        new Band("high", 670, Double.POSITIVE_INFINITY));
        assertThat(segments.attributeNames()).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"segments": [{"name": "age_band", "feature": "agee", "bands": [{"group": "young", "to": 25}]}]}                                                 | segment 'age_band': feature 'agee' is not a feature of the model; expected one of [age, income, loan_amount, loan_term, credit_score, employment_status, loan_purpose]
            {"segments": [{"name": "age_band", "feature": "age", "bands": [{"group": "a", "from": 18, "to": 40}, {"group": "b", "from": 30, "to": 50}]}]}     | segment 'age_band': band 'b' (from 30 to 50) overlaps or comes before band 'a' (from 18 to 40); list bands in ascending order without overlap
            {"segments": [{"name": "age_band", "feature": "age", "bands": [{"group": "old", "from": 62}, {"group": "young", "to": 25}]}]}                     | segment 'age_band': band 'young' (from -infinity to 25) overlaps or comes before band 'old' (from 62 to infinity); list bands in ascending order without overlap
            {"segments": [{"name": "age_band", "feature": "age", "bands": [{"group": "none", "from": 40, "to": 40}]}]}                                       | segment 'age_band': band 'none' (from 40 to 40) is empty; 'from' must be below 'to'
            {"segments": [{"name": "age_band", "feature": "age", "bands": []}]}                                                                              | segment 'age_band' lists no bands; give at least one
            {"segments": [{"name": "age_band", "feature": "age", "bands": [{"group": "any"}]}]}                                                              | segment 'age_band': band 'any' needs 'from', 'to' or both
            {"segments": [{"name": "age_band", "feature": "age", "bands": [{"group": "x", "from": "18"}]}]}                                                  | segment 'age_band': band 'x' needs 'from' as a finite number, got "18"
            {"segments": [{"name": "age_band", "feature": "age", "bands": [{"group": "x", "from": 18, "upto": 30}]}]}                                        | band 'x' of segment 'age_band' has an unknown field 'upto'; expected [from, group, to]
            {"segments": [{"name": "applicant_group", "values": []}]}                                                                                        | segment 'applicant_group' lists no values; give at least one
            {"segments": [{"name": "applicant_group", "values": ["a", "b", "a"]}]}                                                                           | segment 'applicant_group' lists group 'a' twice
            {"segments": [{"name": "applicant_group", "values": ["a", "other"]}]}                                                                            | segment 'applicant_group': group name 'other' is reserved (other counts values outside every group, unknown absent ones)
            {"segments": [{"name": "applicant_group", "values": ["a", 2]}]}                                                                                  | segment 'applicant_group': every value must be a string, got 2
            {"segments": [{"name": "applicant_group", "values": ["a\\u0007"]}]}                                                                              | segment 'applicant_group': group 'a\\u0007' must be 1 to 64 printable ASCII characters
            {"segments": [{"name": "Applicant Group", "values": ["a"]}]}                                                                                     | segment name must be lower snake case, at most 64 characters, got 'Applicant Group'
            {"segments": [{"name": "g", "values": ["a"]}, {"name": "g", "values": ["b"]}]}                                                                   | segment 'g' is defined twice
            {"segments": [{"name": "g", "values": ["a"], "feature": "age", "bands": [{"group": "x", "to": 3}]}]}                                             | segment 'g' needs either 'feature' and 'bands' (bands of a feature) or 'values' (a monitoring attribute)
            {"segments": [{"name": "g"}]}                                                                                                                    | segment 'g' needs either 'feature' and 'bands' (bands of a feature) or 'values' (a monitoring attribute)
            {"segments": [{"name": "g", "values": ["a"], "colour": "red"}]}                                                                                  | segment 'g' has an unknown field 'colour'; expected [bands, description, feature, name, values]
            {"segments": [{"values": ["a"]}]}                                                                                                                | every segment must be an object with a 'name' string, got {"values":["a"]}
            {"segment": []}                                                                                                                                  | must be a JSON object with a 'segments' array
            """)
    void mistakeIsRefusedWithTheFileAndWhatToFix(String json, String message) throws IOException {
        Path file = write(json);

        assertThatThrownBy(() -> Segments.read(file, LoanDataGenerator.SCHEMA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segments file " + file + ": " + message + WHERE);
    }

    @Test
    void fileThatIsNotJsonIsRefusedWithTheLine() throws IOException {
        Path file = write("{\"segments\": [\n  {\"name\": \"g\" \"values\": [\"a\"]}]}");

        assertThatThrownBy(() -> Segments.read(file, LoanDataGenerator.SCHEMA))
                .hasMessage("segments file " + file + ": it is not valid JSON (line 2, column 16)" + WHERE);
    }

    @Test
    void missingFileSaysWhichSettingToChange() {
        Path file = dir.resolve("absent.json");

        assertThatThrownBy(() -> Segments.read(file, LoanDataGenerator.SCHEMA))
                .hasMessage("segments file not found: " + file + WHERE);
    }
}
