/**
 * The JSON wire format shared by the server and its clients: one Jackson factory, the request body
 * of an application for any {@link org.loanmodel.model.FeatureSchema}, and small writing helpers.
 * Depends on {@code model} only, so {@code api} and {@code client} both use it without knowing each
 * other.
 */
package org.loanmodel.codec;
