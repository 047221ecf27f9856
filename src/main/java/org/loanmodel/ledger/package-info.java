/**
 * The prediction log: the durable record of every decision and its later outcome, written by one batching writer thread to SQLite or PostgreSQL.
 */
package org.loanmodel.ledger;
