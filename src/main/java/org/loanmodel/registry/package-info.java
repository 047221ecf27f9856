/**
 * Which models are served and in which role: one champion answers, challengers score the same
 * traffic in its shadow, retired models are kept for rollback. Roles change without a restart
 * (atomically: a request sees one set of models from start to end) and live in a model directory
 * so that a restart keeps them. Depends on {@code model} only.
 */
package org.loanmodel.registry;
