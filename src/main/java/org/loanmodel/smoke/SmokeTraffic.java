package org.loanmodel.smoke;

/**
 * What smoke's requests did to the service, for the metric checks.
 *
 * @param apiAnswered whether the API answered at all
 * @param predictAnswered {@code /predict} requests that got an HTTP answer
 * @param rejected of those, answered 400
 * @param decided of those, answered 200 with a decision
 * @param approval the class of that decision, or -1
 * @param labelled feedback accepted for it
 */
record SmokeTraffic(boolean apiAnswered, int predictAnswered, int rejected, int decided, int approval, int labelled) {}
