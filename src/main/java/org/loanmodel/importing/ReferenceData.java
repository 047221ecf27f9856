package org.loanmodel.importing;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reference data for an import: a CSV file with a header row of column names and one row of
 * numbers per applicant. An empty cell (or {@code NA}, {@code NaN}, as data tools write a missing
 * value) is an absent value, kept as {@code NaN}. Names may be quoted; values are plain numbers.
 *
 * @param columns the header's column names, in file order
 * @param rows the values, one array per row in column order
 */
record ReferenceData(List<String> columns, List<double[]> rows) {

    /** Reads the whole file; refuses, naming the line and column, whatever is not a number. */
    static ReferenceData read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw new IllegalArgumentException("reference data " + file + " is empty; it needs a header row");
            }
            List<String> columns = new ArrayList<>();
            for (String name : cells(stripByteOrderMark(header))) {
                if (name.isEmpty()) {
                    throw new IllegalArgumentException(
                            "reference data " + file + " has an empty column name in its header");
                }
                if (columns.contains(name)) {
                    throw new IllegalArgumentException("reference data " + file + " names column '" + name + "' twice");
                }
                columns.add(name);
            }
            List<double[]> rows = new ArrayList<>();
            int lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                rows.add(row(file, lineNumber, line, columns));
            }
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("reference data " + file + " has a header but no rows");
            }
            return new ReferenceData(List.copyOf(columns), List.copyOf(rows));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("reference data not found: " + file + " (set --reference)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read reference data " + file + ": " + e.getMessage());
        }
    }

    /** The position of a column, or -1. */
    int column(String name) {
        return columns.indexOf(name);
    }

    private static double[] row(Path file, int lineNumber, String line, List<String> columns) {
        List<String> cells = cells(line);
        if (cells.size() != columns.size()) {
            throw new IllegalArgumentException("reference data " + file + " line " + lineNumber + " has " + cells.size()
                    + " values, the header names " + columns.size() + " columns");
        }
        double[] values = new double[cells.size()];
        for (int c = 0; c < values.length; c++) {
            try {
                values[c] = value(cells.get(c));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("reference data " + file + " line " + lineNumber + " column '"
                        + columns.get(c) + "': " + e.getMessage());
            }
        }
        return values;
    }

    /** One cell's value; the message of what it throws says what is wrong with the cell. */
    private static double value(String cell) {
        String text = cell.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (text.isEmpty() || lower.equals("na") || lower.equals("nan")) {
            return Double.NaN;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("'" + text + "' is not a finite number");
        }
        return value;
    }

    /** The comma-separated cells of a line; a cell in double quotes may contain commas. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().trim());
        return cells;
    }

    private static String stripByteOrderMark(String header) {
        return header.startsWith("\uFEFF") ? header.substring(1) : header;
    }
}
