package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.loanmodel.codec.ApplicationCodec;
import org.loanmodel.model.Decision;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.model.Reason;
import org.loanmodel.service.FeedbackRequest;
import org.loanmodel.training.LoanDataGenerator;

class JsonCodecTest {
    private static final JsonCodec CODEC = new JsonCodec(LoanDataGenerator.SCHEMA);

    static final String VALID = "{\"age\": 35, \"income\": 75000, \"loan_amount\": 25000, \"loan_term\": 36,"
            + " \"credit_score\": 720, \"employment_status\": 1, \"loan_purpose\": 1}";

    private static LoanApplication read(String json) {
        return CODEC.readApplication(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A denial with a probability of 0.25 and these reasons. */
    private static Decision denial(String id, Reason... reasons) {
        return new Decision(id, 0, "abcdef012345", 0.25, 0, java.util.List.of(reasons));
    }

    private static FeedbackRequest feedback(String json) {
        return JsonCodec.readFeedback(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheSeedExample() {
        assertThat(read(VALID)).isEqualTo(LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1));
    }

    @Test
    void fieldOrderDoesNotMatterAndDecimalsAreAccepted() {
        assertThat(read("{\"loan_purpose\": 0, \"employment_status\": 0, \"credit_score\": 600.0, \"loan_term\": 12,"
                        + " \"loan_amount\": 1234.5, \"income\": 30000.25, \"age\": 18}"))
                .isEqualTo(LoanDataGenerator.loan(18, 30000.25, 1234.5, 12, 600, 0, 0));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                     | empty_body     |             | request body is empty; expected a JSON object with the features [age, income, loan_amount, loan_term, credit_score, employment_status, loan_purpose]
            [1, 2]                                 | not_an_object  |             | request body must be a JSON object with the features [age, income, loan_amount, loan_term, credit_score, employment_status, loan_purpose], got an array
            {"age": 35                             | malformed_json |             | request body is not valid JSON at line 1, column 11: the body ends before the JSON value is complete
            {"age": "35"}                          | not_a_number   | age         | feature 'age' must be a number, got string "35"
            {"age": null}                          | not_a_number   | age         | feature 'age' must be a number, got null
            {"age": true}                          | not_a_number   | age         | feature 'age' must be a number, got true
            {"age": 35, "age": 36}                 | duplicate_field| age         | field 'age' appears more than once
            {"age": 35, "debt_ratio": 0.4}         | unknown_field  | debt_ratio  | field 'debt_ratio' is not a model feature; expected [age, income, loan_amount, loan_term, credit_score, employment_status, loan_purpose]
            {"age": 35}                            | missing_field  | income      | feature 'income' is required
            {"age": 35, "income": -5}              | out_of_range   | income      | feature 'income' must be a number between 0 and 10000000, got -5
            {"age": 35, "income": 1e999}           | out_of_range   | income      | feature 'income' must be a number between 0 and 10000000, got Infinity
            {"age": 9007199254740993, "income": 1} | out_of_range   | age         | feature 'age' must be a whole number between 18 and 100, got 9007199254740992
            {"age": 35} {"age": 36}                | malformed_json |             | request body must hold exactly one JSON object and nothing after it
            """)
    void badBodiesNameTheFieldAndTheRule(String body, String rule, String field, String message) {
        assertThatThrownBy(() -> read(body == null ? "" : body))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.rule()).isEqualTo(rule.trim());
                    assertThat(e.field()).isEqualTo(field == null ? null : field.trim());
                })
                .hasMessage(message.trim());
    }

    @Test
    void writtenApplicationsReadBackUnchanged() {
        LoanApplication application = LoanDataGenerator.loan(35, 75000.25, 25000, 36, 720, 1, 2);
        byte[] body = new ApplicationCodec(LoanDataGenerator.SCHEMA).write(application);

        assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"age\":35,\"income\":75000.25,\"loan_amount\":25000,\"loan_term\":36,"
                        + "\"credit_score\":720,\"employment_status\":1,\"loan_purpose\":2}");
        assertThat(CODEC.readApplication(body)).isEqualTo(application);
    }

    @Test
    void feedbackWithStringOrNumericId() {
        assertThat(feedback("{\"prediction_id\": \"abc\", \"actual_outcome\": 1}"))
                .isEqualTo(new FeedbackRequest("abc", 1, null));
        assertThat(feedback("{\"prediction_id\": 0, \"actual_outcome\": 0, \"predicted_outcome\": 1}"))
                .isEqualTo(new FeedbackRequest("0", 0, 1));
        assertThat(feedback("{\"prediction_id\": \"x\", \"actual_outcome\": 1.0, \"predicted_outcome\": null}"))
                .isEqualTo(new FeedbackRequest("x", 1, null));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"actual_outcome": 1}                                    | missing_field        | prediction_id     | field 'prediction_id' is required
            {"prediction_id": "a"}                                   | missing_field        | actual_outcome    | field 'actual_outcome' is required (0 or 1)
            {"prediction_id": "a", "actual_outcome": 2}              | not_allowed_category | actual_outcome    | field 'actual_outcome' must be 0 or 1, got 2
            {"prediction_id": "a", "actual_outcome": "1"}            | not_allowed_category | actual_outcome    | field 'actual_outcome' must be 0 or 1, got string "1"
            {"prediction_id": "a", "actual_outcome": 1, "predicted_outcome": 5} | not_allowed_category | predicted_outcome | field 'predicted_outcome' must be 0 or 1, got 5
            {"prediction_id": ["a"], "actual_outcome": 1}            | not_a_string         | prediction_id     | field 'prediction_id' must be a string, got an array
            {"prediction_id": "", "actual_outcome": 1}               | missing_field        | prediction_id     | field 'prediction_id' is required and must not be empty
            {"prediction_id": "a b", "actual_outcome": 1}            | invalid_id           | prediction_id     | field 'prediction_id' must be 1 to 128 printable ASCII characters without spaces
            {"prediction_id": "a", "actual_outcome": 1, "note": "x"} | unknown_field        | note              | field 'note' is not part of feedback; expected prediction_id, actual_outcome and optionally predicted_outcome and final_decision
            """)
    void badFeedbackNamesTheFieldAndTheRule(String body, String rule, String field, String message) {
        assertThatThrownBy(() -> feedback(body))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.rule()).isEqualTo(rule.trim());
                    assertThat(e.field()).isEqualTo(field.trim());
                })
                .hasMessage(message.trim());
    }

    @Test
    void decisionEchoesFeaturesAsSent() {
        LoanApplication application = LoanDataGenerator.loan(35, 75000.5, 25000, 36, 720, 1, 1);
        Decision decision = new Decision("id-1", 0, "abcdef012345", 0.75, 1);
        assertThat(new String(CODEC.writeDecision(decision, application), StandardCharsets.UTF_8))
                .isEqualTo("{\"prediction_id\":\"id-1\",\"approval_status\":1,\"probability\":0.75,"
                        + "\"model_version\":\"abcdef012345\",\"features_received\":{\"age\":35,\"income\":75000.5,"
                        + "\"loan_amount\":25000,\"loan_term\":36,\"credit_score\":720,\"employment_status\":1,"
                        + "\"loan_purpose\":1},\"reasons\":[]}");
    }

    @Test
    void denialAnswersItsReasons() {
        LoanApplication application = LoanDataGenerator.loan(35, 75000, 25000, 36, 550, 1, 1);
        Decision decision = denial("id-2", new Reason("R_CREDIT_SCORE", "credit_score", "credit score too low", -0.5));
        assertThat(new String(CODEC.writeDecision(decision, application), StandardCharsets.UTF_8))
                .endsWith("\"reasons\":[{\"code\":\"R_CREDIT_SCORE\",\"feature\":\"credit_score\",\"text\":"
                        + "\"credit score too low\",\"contribution\":-0.5}]}");
    }

    @Test
    void reasonWordsAreEscapedAndEachDenialAnswersItsOwn() {
        LoanApplication application = LoanDataGenerator.loan(35, 75000, 25000, 36, 550, 1, 1);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 300; i++) {
                java.util.List<Reason> reasons = java.util.List.of(
                        new Reason("R_" + i, "f" + i, "a \"quoted\" \u00e9 text " + i, -0.25),
                        new Reason("R_X", "x", "back\\slash\n" + (i % 7), -0.125));
                Decision decision = denial("id-" + i, reasons.toArray(Reason[]::new));
                assertThat(new String(CODEC.writeDecision(decision, application), StandardCharsets.UTF_8))
                        .as("round %d, reason %d", round, i)
                        .endsWith("\"reasons\":[{\"code\":\"R_" + i + "\",\"feature\":\"f" + i + "\",\"text\":"
                                + "\"a \\\"quoted\\\" \u00e9 text " + i + "\",\"contribution\":-0.25},"
                                + "{\"code\":\"R_X\",\"feature\":\"x\",\"text\":\"back\\\\slash\\n" + (i % 7)
                                + "\",\"contribution\":-0.125}]}");
            }
        }
    }

    @Test
    void reasonsAreAnsweredAsAJsonLibraryWritesThemBeyondTheCacheOfTheirWords() throws Exception {
        LoanApplication application = LoanDataGenerator.loan(35, 75000, 25000, 36, 550, 1, 1);
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        String[] pieces = {"a", "\"", "\\", "\n", "\u0001", "\u00e9", "\u6e2c", "\uD83D\uDE00", "/", " "};
        for (int i = 0; i < ReasonHeads.LIMIT + 500; i++) {
            StringBuilder text = new StringBuilder("t" + i);
            for (int k = 0; k < 4; k++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            double contribution = -random.nextDouble() * Math.pow(10, -random.nextInt(12));
            Reason reason = new Reason("R_" + i, "f" + (i % 9), text.toString(), contribution);
            Decision decision = denial("id", reason, reason);
            java.util.Map<String, Object> expected = new java.util.LinkedHashMap<>();
            expected.put("code", reason.code());
            expected.put("feature", reason.feature());
            expected.put("text", reason.text());
            expected.put("contribution", contribution);
            String array =
                    new String(mapper.writeValueAsBytes(java.util.List.of(expected, expected)), StandardCharsets.UTF_8);
            assertThat(new String(CODEC.writeDecision(decision, application), StandardCharsets.UTF_8))
                    .as("reason %d", i)
                    .endsWith("\"reasons\":" + array + "}");
        }
    }

    @Test
    void aReasonWithoutAFiniteContributionIsWrittenFieldByField() {
        LoanApplication application = LoanDataGenerator.loan(35, 75000, 25000, 36, 550, 1, 1);
        Decision decision = denial(
                "id", new Reason("R_A", "a", "a too low", Double.NaN), new Reason("R_B", "b", "b too low", -0.5));
        assertThat(new String(CODEC.writeDecision(decision, application), StandardCharsets.UTF_8))
                .endsWith("\"reasons\":[{\"code\":\"R_A\",\"feature\":\"a\",\"text\":\"a too low\","
                        + "\"contribution\":\"NaN\"},{\"code\":\"R_B\",\"feature\":\"b\",\"text\":\"b too low\","
                        + "\"contribution\":-0.5}]}");
    }

    @Test
    void errorBodyHasOneShape() {
        assertThat(new String(
                        JsonCodec.writeError(new HttpError(400, "out_of_range", "income", "bad \"income\"", 0)),
                        StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"status\":400,\"code\":\"out_of_range\",\"field\":\"income\",\"error\":\"bad \\\"income\\\"\"}");
    }
}
