/**
 * A small client of a running service, on the JDK's {@link java.net.http.HttpClient}: the API
 * calls, a parsed metrics scrape and client-side latency statistics. Used by {@code smoke} and
 * {@code simulate}; knows nothing of the server's internals beyond its HTTP contract.
 */
package org.loanmodel.client;
