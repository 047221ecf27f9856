/**
 * Monitoring: {@link org.loanmodel.monitoring.ServingMetrics} builds every Prometheus metric from
 * one registry and hands them out by concern ({@link org.loanmodel.monitoring.PredictionMetrics},
 * {@link org.loanmodel.monitoring.FeedbackMetrics}, {@link org.loanmodel.monitoring.DriftMetrics},
 * {@link org.loanmodel.monitoring.LogMetrics}), each with intent-level calls; the quality and drift
 * monitors, {@link org.loanmodel.monitoring.ConfusionMatrix} and the drift statistics are plain
 * logic behind some of them.
 */
package org.loanmodel.monitoring;
