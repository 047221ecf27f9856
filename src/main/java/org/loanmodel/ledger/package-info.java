/**
 * The prediction log: the durable record of every decision and its later outcome, in an embedded
 * SQLite file or a PostgreSQL database that replicas share.
 *
 * <h2>Layout</h2>
 *
 * <ul>
 *   <li>{@link org.loanmodel.ledger.PredictionLog} is what the services use (append, label, find,
 *       sweep, close) and {@link org.loanmodel.ledger.LogBacklog} what readiness and the gauges
 *       read. {@link org.loanmodel.ledger.JdbcPredictionLog#open} puts the pieces below together.
 *   <li>{@link org.loanmodel.ledger.BatchingWriter} owns the queue and the one writer thread:
 *       linger, batching, commit modes, retry with backoff of acknowledged appends, overload
 *       refusal, retention schedule, row count, shutdown.
 *   <li>{@link org.loanmodel.ledger.PredictionStore} is where rows live, one transaction per call,
 *       rolled back whole when it fails. {@link org.loanmodel.ledger.JdbcPredictionStore} is the
 *       one implementation; {@code SqlDialect} ({@code SqliteDialect}, {@code PostgresDialect})
 *       holds what differs between the databases, {@code SqlStatements} and {@code Inserts} the
 *       shared SQL.
 *   <li>{@code LabelRules} decides recorded / duplicate / conflict / unknown / unverified from what
 *       the store read; plain logic, tested without a database.
 *   <li>{@code SchemaMigrator} runs Flyway over the migrations in {@code LogMigrations} and refuses
 *       a log that is newer than the service or holds another model's features; {@code
 *       LogInspection} reads what a database holds through JDBC metadata.
 * </ul>
 *
 * <p>Dependencies point one way: services &rarr; {@code PredictionLog}; {@code BatchingWriter}
 * &rarr; {@code PredictionStore} (never JDBC); {@code JdbcPredictionStore} &rarr; dialect, SQL,
 * {@code LabelRules} and {@code SchemaMigrator}; {@code LabelRules} &rarr; nothing but the request
 * and result records. Nothing here knows HTTP or Prometheus: metrics arrive through {@link
 * org.loanmodel.ledger.LedgerListener}, which the monitoring package implements.
 *
 * <h2>Schema versions</h2>
 *
 * <p>Each version is one Java class handed to Flyway as an object (no classpath scan): the columns
 * follow the served model's feature schema, so SQL files could not hold them. Version 1 ({@code
 * V1CreatePredictionLog}) creates exactly the tables the releases before migrations created; such
 * logs have no history table and are baselined at 1 once their columns are checked to be version
 * 1's. Feature columns always sit between {@code model_version} and {@code probability}; later
 * versions append their columns at the end. A new version is one class and one entry in {@code
 * LogMigrations.forSchema}, for example:
 *
 * <pre>{@code
 * final class V2AddReasonCodes extends LogMigration {
 *     V2AddReasonCodes() {
 *         super("2", "add reason codes");
 *     }
 *
 *     @Override
 *     void apply(Statement sql) throws SQLException {
 *         sql.execute("ALTER TABLE predictions ADD COLUMN reason_codes TEXT");
 *     }
 * }
 * }</pre>
 *
 * <p>then the store's SQL writes and reads the new column, and the release commits a golden log
 * under {@code src/test/resources/golden} with a test that it still opens. A released version is
 * never edited.
 *
 * <p>Flyway keeps its history in {@code prediction_log_schema_history}, apart from any other
 * application's Flyway history in a shared database. A log whose history already records the
 * newest version opens without starting Flyway at all (starting it costs a few hundred
 * milliseconds of class loading). A service refuses to start on a log whose history records a
 * version it does not know (Flyway itself would ignore it) and on a log whose feature columns,
 * names and order, are not the served model's.
 */
package org.loanmodel.ledger;
