/**
 * Simulated traffic for {@code simulate}: applicants that follow the served schema (the original
 * generator and its drift scenarios for the seven-feature schema, reference-profile draws for any
 * other), delayed feedback, pacing, the tally and a terminal progress bar. Entry point: {@link
 * org.loanmodel.simulate.Simulation}.
 */
package org.loanmodel.simulate;
