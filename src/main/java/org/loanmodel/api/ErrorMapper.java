package org.loanmodel.api;

import java.util.concurrent.CompletionException;
import org.loanmodel.ledger.LogOverloadedException;
import org.loanmodel.ledger.LogUnavailableException;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.registry.ModelDirectoryException;
import org.loanmodel.service.FinalDecisionConflictException;
import org.loanmodel.service.LabelConflictException;
import org.loanmodel.service.UnknownPredictionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP errors. Unexpected failures never leak details. */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    /** The HTTP error for a failure raised while handling a request. */
    public static HttpError map(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof InvalidInputException invalid) {
            return new HttpError(400, invalid.rule(), invalid.field(), invalid.getMessage(), 0);
        }
        if (cause instanceof UnknownPredictionException unknown) {
            return new HttpError(404, "unknown_prediction", "prediction_id", unknown.getMessage(), 0);
        }
        if (cause instanceof LabelConflictException conflict) {
            return new HttpError(409, "label_conflict", "actual_outcome", conflict.getMessage(), 0);
        }
        if (cause instanceof FinalDecisionConflictException conflict) {
            return new HttpError(409, "final_decision_conflict", "final_decision", conflict.getMessage(), 0);
        }
        if (cause instanceof LogOverloadedException overloaded) {
            return new HttpError(503, "overloaded", null, overloaded.getMessage(), 1);
        }
        if (cause instanceof LogUnavailableException unavailable) {
            return new HttpError(503, "log_unavailable", null, unavailable.getMessage(), 5);
        }
        if (cause instanceof ModelDirectoryException directory) {
            LOG.error("{}", directory.getMessage(), directory.getCause());
            return new HttpError(503, "model_directory_unwritable", null, directory.getMessage(), 0);
        }
        LOG.error("unexpected failure while handling a request", cause);
        return HttpError.of(500, "internal", "internal error; the server log has the details");
    }

    /** The error for an HTTP status raised by the router itself (404, 405, 413, ...). */
    public static HttpError forStatus(int status, String method, String path) {
        return switch (status) {
            case 404 -> HttpError.of(404, "not_found", "no endpoint at " + path);
            case 405 -> HttpError.of(405, "method_not_allowed", method + " is not allowed on " + path);
            case 413 ->
                HttpError.of(413, "body_too_large", "request body exceeds " + ApiRouter.BODY_LIMIT_BYTES + " bytes");
            case 415 -> HttpError.of(415, "unsupported_media_type", "Content-Type must be application/json");
            default -> HttpError.of(status, "http_" + status, "request failed with status " + status);
        };
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
