/**
 * The warm-up of {@code serve}: before the instance reports ready, a throwaway copy of the service
 * answers rehearsal requests over loopback HTTP so that the JIT compiler compiles the request path,
 * and nothing the copy decides reaches the real service's prediction log, metrics or status page.
 * Depends on {@code api}, {@code service}, {@code monitoring}, {@code ledger} and {@code model}; only
 * the composition root depends on it.
 */
package org.loanmodel.warmup;
