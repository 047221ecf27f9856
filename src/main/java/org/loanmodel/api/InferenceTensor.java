package org.loanmodel.api;

/**
 * One input tensor of an Open Inference Protocol request, its data flattened in row-major order.
 *
 * @param name the tensor's name
 * @param datatype the protocol's type name, e.g. {@code FP64}
 * @param shape the declared shape
 * @param data the values, row-major
 */
record InferenceTensor(String name, String datatype, long[] shape, double[] data) {}
