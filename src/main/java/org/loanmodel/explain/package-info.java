/**
 * Exact explanations of the model's decisions: TreeSHAP contributions of each feature to the
 * approval probability under the path-dependent value function over the forest's node covers, and
 * the adverse-action reasons drawn from them. Depends on {@code model} only.
 */
package org.loanmodel.explain;
