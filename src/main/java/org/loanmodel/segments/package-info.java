/**
 * Segments for fair-lending monitoring: bands of a feature (such as age bands) and attributes a
 * request may carry beside its features for monitoring only, each with an enumerated set of groups,
 * read from a validated configuration file. Anything outside the groups counts as {@code other},
 * and an absent value as {@code unknown}, so the groups are a bounded label set and no label value
 * comes from a request. Depends on {@code model} only; the model never sees an attribute.
 */
package org.loanmodel.segments;
