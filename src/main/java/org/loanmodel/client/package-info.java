/**
 * A small client of a running service, on the JDK's {@link java.net.http.HttpClient}: the API
 * calls, the served model's schema and reference profile ({@code GET /model}), a parsed metrics
 * scrape and client-side latency statistics. Used by {@code smoke} and {@code simulate}; knows
 * nothing of the server's internals beyond its HTTP contract, and writes request bodies with the
 * codec the API reads them with.
 */
package org.loanmodel.client;
