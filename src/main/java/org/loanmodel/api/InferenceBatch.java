package org.loanmodel.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.loanmodel.model.FeatureSchema;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.model.LoanApplication;

/**
 * The applications an inference request's tensors describe, in one of two layouts: a single
 * {@code [N, F]} tensor whose columns are the schema's features in order, or one tensor per
 * feature named after it, each of shape {@code [N]} or {@code [N, 1]}. Every row is validated
 * before any is decided; the first bad row rejects the whole batch, naming the row and the field.
 */
final class InferenceBatch {
    private InferenceBatch() {}

    static List<LoanApplication> applications(FeatureSchema schema, List<InferenceTensor> inputs, int maxRows) {
        int features = schema.size();
        double[] data = inputs.size() == 1 && schema.indexOf(inputs.get(0).name()) < 0
                ? matrix(schema, inputs.get(0))
                : columns(schema, inputs);
        int rows = data.length / features;
        if (rows > maxRows) {
            throw InferenceRequestReader.invalid(
                    "inputs", "the batch has " + rows + " rows; at most " + maxRows + " are accepted per request");
        }
        List<LoanApplication> applications = new ArrayList<>(rows);
        // One row at a time through one array: LoanApplication keeps its own validated copy.
        double[] values = new double[features];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(data, row * features, values, 0, features);
            try {
                applications.add(LoanApplication.of(schema, values));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(e.field(), e.rule(), "row " + row + ": " + e.getMessage());
            }
        }
        return applications;
    }

    /** The values of one [N, F] tensor, row-major as sent. */
    private static double[] matrix(FeatureSchema schema, InferenceTensor tensor) {
        long[] shape = tensor.shape();
        int features = schema.size();
        if (shape.length != 2 || shape[1] != features) {
            throw InferenceRequestReader.invalid(
                    "inputs[0]",
                    "tensor '" + tensor.name() + "' has shape " + Arrays.toString(shape) + "; send shape [N, "
                            + features + "] with the features " + schema.names()
                            + " as columns, or one tensor per feature");
        }
        return tensor.data();
    }

    /** The values of one tensor per feature, row-major; an absent tensor's feature is NaN (absent). */
    private static double[] columns(FeatureSchema schema, List<InferenceTensor> inputs) {
        double[][] columns = new double[schema.size()][];
        long rows = -1;
        for (int i = 0; i < inputs.size(); i++) {
            InferenceTensor tensor = inputs.get(i);
            int feature = schema.indexOf(tensor.name());
            if (feature < 0) {
                throw new InvalidInputException(
                        tensor.name(),
                        "unknown_field",
                        "input '" + tensor.name() + "' is not a model feature; expected " + schema.names()
                                + " or one [N, " + schema.size() + "] tensor");
            }
            if (columns[feature] != null) {
                throw new InvalidInputException(
                        tensor.name(), "duplicate_field", "input '" + tensor.name() + "' appears more than once");
            }
            long[] shape = tensor.shape();
            if (shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
                throw InferenceRequestReader.invalid(
                        "inputs[" + i + "]",
                        "input '" + tensor.name() + "' has shape " + Arrays.toString(shape) + "; a feature tensor has"
                                + " shape [N] or [N, 1]");
            }
            if (rows >= 0 && shape[0] != rows) {
                throw InferenceRequestReader.invalid(
                        "inputs[" + i + "]",
                        "input '" + tensor.name() + "' has " + shape[0] + " rows, the inputs before it " + rows);
            }
            rows = shape[0];
            columns[feature] = tensor.data();
        }
        int features = columns.length;
        double[] data = new double[(int) rows * features];
        for (int feature = 0; feature < features; feature++) {
            for (int row = 0; row < rows; row++) {
                // An absent tensor is an absent feature: fine when optional, missing_field otherwise.
                data[row * features + feature] = columns[feature] == null ? Double.NaN : columns[feature][row];
            }
        }
        return data;
    }
}
