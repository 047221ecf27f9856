package org.loanmodel.status;

/**
 * A plain-language warning: what a rule would alert on, said as a person would.
 *
 * @param rule which rule: {@code feature_drift}, {@code prediction_drift}, {@code accuracy_low},
 *     {@code error_ratio_high}, {@code latency_high}, {@code log_write_failures}, {@code
 *     log_queue_full} or {@code adverse_impact}
 * @param subject what it is about: a feature, a model version, a segment, or null
 * @param message the sentence shown on the page
 */
public record Warning(String rule, String subject, String message) {}
