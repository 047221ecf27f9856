package org.loanmodel.ledger;

/**
 * One column of a prediction-log table, as a migration declares it or as JDBC metadata reports it.
 *
 * @param name the column name
 * @param type the declared SQL type, or the type the database reports
 * @param notNull whether the column refuses NULL
 * @param primaryKey whether the column is the table's key (declared columns only)
 */
record Column(String name, String type, boolean notNull, boolean primaryKey) {

    static Column key(String name, String type) {
        return new Column(name, type, true, true);
    }

    static Column required(String name, String type) {
        return new Column(name, type, true, false);
    }

    static Column nullable(String name, String type) {
        return new Column(name, type, false, false);
    }

    /** The column's definition in {@code CREATE TABLE}. */
    String ddl() {
        return name + " " + type + (primaryKey ? " PRIMARY KEY" : notNull ? " NOT NULL" : "");
    }

    /**
     * How a column found in a database differs from this declared one ({@code "allows NULL, ..."}),
     * or {@code null} when it does not. A key's nullability is not compared: SQLite reports a TEXT
     * key as nullable.
     */
    String differenceFrom(Column found, SqlDialect dialect) {
        if (!found.type().equalsIgnoreCase(dialect.reportedType(type))) {
            return "is " + found.type() + ", version 1 declares " + type;
        }
        if (!primaryKey && found.notNull() != notNull) {
            return (found.notNull() ? "is NOT NULL" : "allows NULL") + ", version 1 makes it "
                    + (notNull ? "NOT NULL" : "nullable");
        }
        return null;
    }
}
