package org.loanmodel.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.loanmodel.codec.RequestBodies;
import org.loanmodel.model.InvalidInputException;
import org.loanmodel.model.Numbers;

/**
 * Reads the body of an Open Inference Protocol v2 {@code infer} request in one streaming pass:
 * {@code id}, {@code inputs} (each with {@code name}, {@code shape}, {@code datatype}, {@code
 * data} flat or nested, {@code parameters}), {@code outputs} and {@code parameters}. Shapes and
 * types are checked here; what the tensors mean is {@link InferenceBatch}'s business.
 */
final class InferenceRequestReader {
    /**
     * The integer types a feature tensor may have, each value checked to be whole and in range: a
     * value its type cannot hold means the client sent something other than it declared.
     */
    private static final Map<String, IntegerType> INTEGERS = Map.of(
            "INT8", new IntegerType(-0x1p7, 0x1p7, "-128 to 127"),
            "INT16", new IntegerType(-0x1p15, 0x1p15, "-32768 to 32767"),
            "INT32", new IntegerType(-0x1p31, 0x1p31, "-2147483648 to 2147483647"),
            "INT64", new IntegerType(-0x1p63, 0x1p63, "-9223372036854775808 to 9223372036854775807"),
            "UINT8", new IntegerType(0, 0x1p8, "0 to 255"),
            "UINT16", new IntegerType(0, 0x1p16, "0 to 65535"),
            "UINT32", new IntegerType(0, 0x1p32, "0 to 4294967295"),
            "UINT64", new IntegerType(0, 0x1p64, "0 to 18446744073709551615"));

    private static final String FEATURE_TYPES =
            "FP64, FP32, INT64, INT32, INT16, INT8, UINT64, UINT32, UINT16 or UINT8";

    /** An integer type: the values it holds, from {@code min} to below {@code end}. */
    private record IntegerType(double min, double end, String range) {
        boolean holds(double value) {
            return value >= min && value < end && value == Math.rint(value);
        }
    }

    private final int maxValues;

    /** @param maxValues the most numbers one request may carry, over all tensors */
    InferenceRequestReader(int maxValues) {
        this.maxValues = maxValues;
    }

    /**
     * A parsed request.
     *
     * @param id the client's request id, echoed back, or {@code null}
     * @param inputs the input tensors in request order
     * @param outputs the names of the outputs asked for; empty means all
     */
    record Request(String id, List<InferenceTensor> inputs, List<String> outputs) {}

    Request read(byte[] body) {
        try (JsonParser parser = RequestBodies.open(body, "an inference request object with \"inputs\"")) {
            String id = null;
            List<InferenceTensor> inputs = null;
            List<String> outputs = List.of();
            int[] budget = {maxValues};
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "id" -> id = string(parser, token, "id");
                    case "parameters" -> parser.skipChildren();
                    case "inputs" -> inputs = tensors(parser, token, budget);
                    case "outputs" -> outputs = outputNames(parser, token);
                    default -> throw invalid(field, "unknown field '" + field + "' in the inference request");
                }
            }
            RequestBodies.expectEnd(parser);
            if (inputs == null || inputs.isEmpty()) {
                throw invalid("inputs", "the inference request needs at least one tensor in 'inputs'");
            }
            return new Request(id, inputs, outputs);
        } catch (JsonProcessingException e) {
            throw RequestBodies.malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<InferenceTensor> tensors(JsonParser parser, JsonToken token, int[] budget) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw invalid("inputs", "'inputs' must be an array of tensors");
        }
        List<InferenceTensor> tensors = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            tensors.add(tensor(parser, tensors.size(), budget));
        }
        return tensors;
    }

    private InferenceTensor tensor(JsonParser parser, int index, int[] budget) throws IOException {
        String where = "inputs[" + index + "]";
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw invalid(where, where + " must be a tensor object");
        }
        String name = null;
        String datatype = null;
        long[] shape = null;
        double[] data = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "name" -> name = string(parser, token, where + ".name");
                case "datatype" -> datatype = string(parser, token, where + ".datatype");
                case "shape" -> shape = shape(parser, token, where);
                case "parameters" -> parser.skipChildren();
                case "data" -> data = data(parser, token, where, budget);
                default -> throw invalid(where, "unknown field '" + field + "' in " + where);
            }
        }
        if (name == null || datatype == null || shape == null || data == null) {
            throw invalid(where, where + " needs name, shape, datatype and data");
        }
        IntegerType integer = INTEGERS.get(datatype);
        if (integer == null && !datatype.equals("FP64") && !datatype.equals("FP32")) {
            throw invalid(
                    where, where + " ('" + name + "') has datatype " + datatype + "; features need " + FEATURE_TYPES);
        }
        long expected = 1;
        try {
            for (long dimension : shape) {
                expected = Math.multiplyExact(expected, dimension);
            }
        } catch (ArithmeticException e) {
            // A product that wraps could equal the data's length and pass for a real shape.
            throw invalid(
                    where,
                    where + " ('" + name + "') has shape " + Arrays.toString(shape)
                            + ", more values than any request may hold");
        }
        if (expected != data.length) {
            throw invalid(
                    where,
                    where + " ('" + name + "') has shape " + Arrays.toString(shape) + " (" + expected + " values) but "
                            + data.length + " values in data");
        }
        if (datatype.equals("FP32")) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) data[i];
            }
        } else if (integer != null) {
            for (int i = 0; i < data.length; i++) {
                if (!integer.holds(data[i])) {
                    throw invalid(
                            where,
                            where + ".data must hold whole numbers from " + integer.range() + " for datatype "
                                    + datatype + ", got " + Numbers.format(data[i]) + " at value " + i);
                }
            }
        }
        return new InferenceTensor(name, datatype, shape, data);
    }

    private static long[] shape(JsonParser parser, JsonToken token, String where) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw invalid(where, where + ".shape must be an array of whole numbers");
        }
        long[] shape = new long[4];
        int size = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
                throw invalid(where, where + ".shape must hold whole numbers >= 0");
            }
            if (size == 4) {
                throw invalid(where, where + ".shape has more than 4 dimensions");
            }
            shape[size++] = parser.getLongValue();
        }
        if (size == 0) {
            throw invalid(where, where + ".shape must have at least one dimension");
        }
        return Arrays.copyOf(shape, size);
    }

    /** The numbers of a data array, flat or nested, in row-major order. */
    private static double[] data(JsonParser parser, JsonToken token, String where, int[] budget) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw invalid(where, where + ".data must be an array of numbers");
        }
        double[] values = new double[64];
        int size = 0;
        int depth = 1;
        while (depth > 0) {
            JsonToken next = parser.nextToken();
            if (next == JsonToken.START_ARRAY) {
                depth++;
            } else if (next == JsonToken.END_ARRAY) {
                depth--;
            } else if (next == JsonToken.VALUE_NUMBER_INT || next == JsonToken.VALUE_NUMBER_FLOAT) {
                if (--budget[0] < 0) {
                    throw invalid(where, "the inference request holds more than the allowed number of values");
                }
                if (size == values.length) {
                    values = Arrays.copyOf(values, size * 2);
                }
                values[size++] = parser.getDoubleValue();
            } else {
                throw invalid(
                        where,
                        where + ".data must hold only numbers, got " + RequestBodies.describe(next, parser)
                                + " at value " + size);
            }
        }
        return Arrays.copyOf(values, size);
    }

    private static List<String> outputNames(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw invalid("outputs", "'outputs' must be an array of {\"name\": ...} objects");
        }
        List<String> names = new ArrayList<>();
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("name")) {
                    name = string(parser, value, "outputs[" + names.size() + "].name");
                } else {
                    parser.skipChildren();
                }
            }
            if (name == null) {
                throw invalid("outputs", "outputs[" + names.size() + "] needs a name");
            }
            names.add(name);
        }
        if (parser.currentToken() != JsonToken.END_ARRAY) {
            throw invalid("outputs", "'outputs' must be an array of {\"name\": ...} objects");
        }
        return names;
    }

    private static String string(JsonParser parser, JsonToken token, String field) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidInputException(
                    field,
                    "not_a_string",
                    "'" + field + "' must be a string, got " + RequestBodies.describe(token, parser));
        }
        return parser.getText();
    }

    static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(field, "invalid_tensor", message);
    }
}
