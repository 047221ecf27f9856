/**
 * Monitoring: {@link org.loanmodel.monitoring.ServingMetrics} owns every Prometheus metric; the quality and drift monitors are plain logic behind some of them.
 */
package org.loanmodel.monitoring;
