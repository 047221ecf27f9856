/**
 * Training: the synthetic loan data, the Tribuo random forest and its conversion to the flat form, holdout evaluation and calibration, and the reference profile frozen for drift monitoring.
 */
package org.loanmodel.training;
