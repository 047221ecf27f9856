/**
 * Models trained elsewhere, brought into this project's artifact: XGBoost's JSON model format
 * (releases 1.7 to 3.x, {@code binary:logistic}, numeric splits), the reference data that gives an
 * imported model its schema, drift bins and holdout metrics, and an optional schema file. Depends on
 * {@code model} and {@code training} (evaluation and profiling); nothing depends on it but the
 * {@code import} command.
 */
package org.loanmodel.importing;
