/**
 * The status page: what a person needs to judge the service at a glance, read from the Prometheus
 * registry by metric name only, plus fifteen minutes of per-second traffic kept in-process.
 *
 * <p>{@link org.loanmodel.status.TrafficSampler} reads the registry once a second into fixed ring
 * buffers; {@link org.loanmodel.status.StatusService} assembles a {@link
 * org.loanmodel.status.StatusReport} from a scrape and that history; {@link
 * org.loanmodel.status.StatusPage} renders it as HTML and {@link org.loanmodel.status.StatusJson}
 * as JSON. Only aggregates are shown: nothing here reads a request or the prediction log.
 */
package org.loanmodel.status;
