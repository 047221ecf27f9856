package org.loanmodel.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a database directly, beside the service: what a test checks was stored. */
public final class Databases {
    private Databases() {}

    /** The first column of every row {@code select} gives in the database at {@code jdbcUrl}, as text. */
    public static List<String> column(String jdbcUrl, String select) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(select)) {
            List<String> values = new ArrayList<>();
            while (row.next()) {
                values.add(row.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
