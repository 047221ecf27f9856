/**
 * The checks of {@code smoke} against a running service, over HTTP only: health, the served schema,
 * a valid and several invalid predictions built from that schema, feedback, and the metrics those
 * requests must have moved. Entry point: {@link org.loanmodel.smoke.SmokeChecks}.
 */
package org.loanmodel.smoke;
