/**
 * The domain of the loan model and its inference: the feature schema, validated applications, decisions, the flat forest and the versioned model artifact. No HTTP, no Prometheus, no database.
 */
package org.loanmodel.model;
