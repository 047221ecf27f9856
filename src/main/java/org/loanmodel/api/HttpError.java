package org.loanmodel.api;

/**
 * An HTTP error as every endpoint renders it: {@code {"status": 400, "code": "out_of_range",
 * "field": "income", "error": "feature 'income' must be ..."}}.
 *
 * @param status HTTP status code
 * @param code stable machine-readable rule code
 * @param field the request field at fault, or {@code null}
 * @param message a sentence naming the value and the rule it breaks
 * @param retryAfterSeconds value of a {@code Retry-After} header, or 0 for none
 */
public record HttpError(int status, String code, String field, String message, int retryAfterSeconds) {

    public static HttpError of(int status, String code, String message) {
        return new HttpError(status, code, null, message, 0);
    }
}
