/**
 * A monitored loan-approval model server. {@link org.loanmodel.Main} is the command-line entry;
 * {@link org.loanmodel.LoanModelServer} wires {@code serve} together.
 */
package org.loanmodel;
