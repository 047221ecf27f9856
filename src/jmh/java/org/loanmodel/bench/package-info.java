/**
 * JMH microbenchmarks of the request path's parts: forest inference, JSON decoding, metric
 * recording and {@code /metrics} serialization. Built with {@code -Pbench}, run by {@code
 * bench/jmh.sh}; never part of the jar or the test run.
 */
package org.loanmodel.bench;
