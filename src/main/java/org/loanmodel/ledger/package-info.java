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
 *   <li>{@link org.loanmodel.ledger.BatchingWriter} owns the queue and the one writer thread
 *       ({@code WriteLoop}): linger, batching, commit modes, overload and failure refusal,
 *       retention schedule, row count, shutdown. {@code GuardedStore} makes every store call
 *       (stall marks, one log line and a count per failure, backoff), {@code WriterHealth} says
 *       whether new work is taken, {@code HeldDecisions} keeps acknowledged decisions not yet
 *       stored, {@code UnsettledCommits} the commits of unknown fate, {@code ShutdownReport} writes
 *       the line that closes a log that could not write.
 *   <li>{@link org.loanmodel.ledger.PredictionStore} is where rows live, one transaction per call,
 *       rolled back whole when it fails. {@link org.loanmodel.ledger.JdbcPredictionStore} is the
 *       one implementation, over one {@code StoreConnection}; {@code SqlDialect} ({@code
 *       SqliteDialect}, {@code PostgresDialect}) holds what differs between the databases, {@code
 *       SqlStatements} and {@code Inserts} the shared SQL.
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
 * <h2>Storage faults</h2>
 *
 * <p>A disk that fills up, a file that turns read-only or a database connection that breaks make a
 * store call fail. What the log promises then:
 *
 * <ul>
 *   <li><b>The store stays usable.</b> A failed transaction is rolled back; when the rollback itself
 *       fails, or the connection no longer works, the connection is dropped and the next call opens
 *       a new one. (After {@code SQLITE_FULL} SQLite may roll back on its own; the driver's
 *       rollback then fails and begins no new transaction, and every later statement on that
 *       connection would commit by itself.)
 *   <li><b>It heals by itself.</b> From the failure on, the log is <em>failing</em>: readiness says
 *       so, and every new append, label, find and sweep is refused at once with {@link
 *       org.loanmodel.ledger.LogUnavailableException} (503 {@code log_unavailable}), never queued.
 *       The writer retries after 50 ms, doubling to at most 1 s: the acknowledged decisions it
 *       holds, else a probe that commits a write changing nothing anyone reads. The first success
 *       ends the failure; no restart, no traffic needed. A store call that runs over 1 s refuses
 *       new work the same way until it returns, so a hung connection does not fill the queue with
 *       acknowledged decisions.
 *   <li><b>Few decisions are acknowledged that are not yet stored.</b> With {@link
 *       org.loanmodel.ledger.CommitMode#SYNC} none. With {@link
 *       org.loanmodel.ledger.CommitMode#ASYNC}, only those queued when a write fails: the batch
 *       being written (gathered during one linger, at most {@code batchSize}) and those arriving
 *       while that write fails (plus any backlog queued behind it). They are held and retried until
 *       stored; none is acknowledged after the failure.
 *   <li><b>503 means not stored.</b> A caller answered with {@link
 *       org.loanmodel.ledger.LogUnavailableException} had nothing stored: its transaction was rolled
 *       back, or it was refused before reaching the store. The one case the writer cannot know at
 *       once is a commit whose answer was lost with the connection (PostgreSQL: the server may have
 *       committed). Each write transaction on PostgreSQL therefore takes its id ({@code
 *       txid_current()}) first, and a lost answer is settled by asking {@code txid_status}: at
 *       once on a new connection if the server can be reached (the caller then gets the true
 *       answer, 200 included), otherwise whenever it can again. Decisions answered 503 whose
 *       transaction committed after all are deleted: nobody was given their id. Outcomes answered
 *       503 ({@link org.loanmodel.ledger.UncertainLabelException}) are counted once, by the one
 *       transaction that stored them: the service counts an outcome when the commit that stored it
 *       is known, either in the answer or, for an outcome answered 503, when its transaction
 *       settles as committed ({@link org.loanmodel.ledger.UncertainLabelException#eventually()}).
 *       A retry of it, on any replica, finds it stored and counts nothing more; if the transaction
 *       was rolled back, the retry stores it and is the one that counts. No column records "was
 *       counted": the transaction's fate is the record.
 *   <li><b>Shutdown is bounded and honest.</b> {@link org.loanmodel.ledger.PredictionLog#close()}
 *       writes what was accepted; while the store fails it retries for the shutdown grace (10 s,
 *       {@code --log-shutdown-grace}), then logs one line with the number of acknowledged decisions
 *       not stored, counted against the store itself where it can still be read (a full disk still
 *       reads), and what remains unsettled.
 *   <li><b>Every failure is one log line and counted</b> ({@code
 *       model_prediction_log_write_failures_total}), no stack trace.
 * </ul>
 *
 * <p>What these guarantees do not cover: a commit of unknown fate still unsettled when the process
 * exits (reported in the shutdown line; a retry then counts nowhere, or the decision stays); an
 * fsync that fails after SQLite wrote its commit frame (the rows may reappear after a restart); a
 * connection that hangs without ever failing, which refuses new work after 1 s but recovers only
 * when the driver gives up (set {@code socketTimeout} in a PostgreSQL URL).
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
