package org.loanmodel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.loanmodel.ledger.LogOverloadedException;
import org.loanmodel.ledger.LogUnavailableException;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.service.LabelConflictException;
import org.loanmodel.service.UnknownPredictionException;

class ErrorMapperTest {

    @Test
    void fullPredictionLogAnswers503WithRetryAfter() {
        assertThat(ErrorMapper.map(new LogOverloadedException(65536)))
                .isEqualTo(new HttpError(
                        503, "overloaded", null, "prediction log write queue is full (65536 records); retry later", 1));
    }

    @Test
    void failingPredictionLogAnswers503EvenWhenWrappedInAFuture() {
        HttpError error = ErrorMapper.map(new CompletionException(new LogUnavailableException("disk full", null)));
        assertThat(error).isEqualTo(new HttpError(503, "log_unavailable", null, "disk full", 5));
    }

    @Test
    void domainErrorsKeepTheirFieldAndRule() {
        assertThat(ErrorMapper.map(new InvalidInputException("age", "out_of_range", "bad age")))
                .isEqualTo(new HttpError(400, "out_of_range", "age", "bad age", 0));
        assertThat(ErrorMapper.map(new UnknownPredictionException("x")).status())
                .isEqualTo(404);
        assertThat(ErrorMapper.map(new LabelConflictException("x", 1, 0)))
                .isEqualTo(new HttpError(
                        409,
                        "label_conflict",
                        "actual_outcome",
                        "prediction 'x' already has actual_outcome 1; refusing 0",
                        0));
    }

    @Test
    void unexpectedFailuresHideTheirDetails() {
        assertThat(ErrorMapper.map(new IllegalStateException("secret path /etc/x")))
                .isEqualTo(HttpError.of(500, "internal", "internal error; the server log has the details"));
    }
}
