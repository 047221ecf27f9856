#!/usr/bin/env bash
# What one retention sweep costs the prediction log's writer on a large SQLite log: the writer runs
# the sweep in its own thread, so every decision that arrives meanwhile waits in its queue.
#
# A log of RETENTION_ROWS decisions is made once (the schema by the service itself, the rows by
# SQL), then each build in BENCH_JARS opens its own copy with a sweep every RETENTION_INTERVAL and
# no traffic, so every commit the writer makes is a sweep. Two limits per build: max rows above the
# log's size (nothing to delete by rows) and 100,000 below it (the first sweep deletes the excess,
# the rest find the log full). The figure is the mean of model_prediction_log_commit_seconds over
# the sweeps after the first, and the CPU the server used meanwhile.
#
# Usage: bench/retention.sh
#   RETENTION_ROWS (10000000), RETENTION_INTERVAL (2s), RETENTION_WINDOW (30 seconds measured)
#   BENCH_JARS "label=path ..." (default: current=target/loan-model-api.jar); the log is made with
#   the first build's schema, so name the oldest first (a newer schema is refused by an older build)
source "$(dirname "$0")/lib.sh"
RETENTION_ROWS=${RETENTION_ROWS:-10000000}
RETENTION_INTERVAL=${RETENTION_INTERVAL:-2s}
RETENTION_WINDOW=${RETENTION_WINDOW:-30}
BENCH_JARS=${BENCH_JARS:-current=$JAR}
LOG="$OUT/retention-$RETENTION_ROWS.db"

# Starts build $1 on log $2 with the remaining serve options; sets SERVER_PID and METRICS_PORT.
start_on() {
  local jar=$1 db=$2
  shift 2
  API_PORT=$(free_port)
  METRICS_PORT=$(free_port)
  # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
  WARM_UP=off taskset -c "$SERVER_CORE" java $JVM_FLAGS -jar "$jar" serve --host 127.0.0.1 --port "$API_PORT" \
    --metrics-port "$METRICS_PORT" --prediction-log "$db" "$@" >"$OUT/retention-server.log" 2>&1 &
  SERVER_PID=$!
  await_http "http://127.0.0.1:$API_PORT/ready" 300
}

# "count sum" of the writer's commit histogram.
commits() {
  curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" |
    awk '/^model_prediction_log_commit_seconds_count/ {c = $NF} /^model_prediction_log_commit_seconds_sum/ {s = $NF}
      END {print c + 0, s + 0}'
}

make_log() {
  if [[ -f $LOG ]]; then
    return
  fi
  echo "making a log of $RETENTION_ROWS decisions in $LOG"
  local first=${BENCH_JARS%% *}
  start_on "${first#*=}" "$LOG.tmp"
  stop_server
  # Ids as the service makes them (version 7 UUIDs, 50 decisions per millisecond, one day old),
  # the shipped model's features, a compact reasons value of its length on a third of the rows.
  "$PYTHON" - "$LOG.tmp" "$RETENTION_ROWS" <<'EOF'
import sqlite3, sys, time
db, rows = sys.argv[1], int(sys.argv[2])
start = int(time.time() * 1000) - 86_400_000
c = sqlite3.connect(db)
c.execute("PRAGMA journal_mode=WAL")
c.execute(f"""WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {rows - 1})
INSERT INTO predictions (prediction_id, created_at, model_version, age, income, loan_amount, loan_term,
  credit_score, employment_status, loan_purpose, probability, approval_status, reasons)
SELECT printf('%08x-%04x-7%03x-8%03x-%012x', ({start} + i / 50) >> 16, ({start} + i / 50) & 65535,
         abs(random()) % 4096, abs(random()) % 4096, abs(random()) % 281474976710656),
       {start} + i / 50, 'bench', 20 + i % 50, 20000 + i % 90000, 5000 + i % 40000, 12 + 12 * (i % 5),
       500 + i % 350, i % 3, i % 4, (i % 1000) / 1000.0, i % 3 > 0,
       CASE WHEN i % 3 = 0 THEN '#' || substr(hex(randomblob(54)), 1, 108) END
FROM s""")
# Rows made by SQL pass the count a log of schema 6 keeps; give it the truth.
if c.execute("SELECT 1 FROM sqlite_master WHERE name = 'prediction_counts'").fetchone():
    c.execute("UPDATE prediction_counts SET decisions = (SELECT COUNT(*) FROM predictions)")
c.commit()
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
EOF
  mv "$LOG.tmp" "$LOG"
  rm -f "$LOG.tmp-wal" "$LOG.tmp-shm"
}

run_one() {
  local label=$1 jar=$2 max_rows=$3 copy="$OUT/retention-copy.db"
  rm -f "$copy" "$copy-wal" "$copy-shm"
  cp "$LOG" "$copy"
  start_on "$jar" "$copy" --retention-interval "$RETENTION_INTERVAL" --retention-max-rows "$max_rows"
  # The first sweep (and the migration of an older schema) before the window.
  local start_commits=0
  until ((start_commits >= 2)); do
    sleep 1
    read -r start_commits _ <<<"$(commits)"
  done
  read -r c0 s0 <<<"$(commits)"
  local t0
  t0=$(process_ticks "$SERVER_PID")
  sleep "$RETENTION_WINDOW"
  read -r c1 s1 <<<"$(commits)"
  local t1
  t1=$(process_ticks "$SERVER_PID")
  stop_server
  awk -v l="$label" -v m="$max_rows" -v c="$((c1 - c0))" -v s0="$s0" -v s1="$s1" -v t="$((t1 - t0))" \
    -v hz="$CLK_TCK" -v w="$RETENTION_WINDOW" 'BEGIN {
      printf "%-10s max rows %9d: %3d sweeps, %8.1f ms per sweep, server CPU %5.1f %% of a core\n",
        l, m, c, (c > 0 ? (s1 - s0) / c * 1000 : 0), t / hz / w * 100
    }'
  rm -f "$copy" "$copy-wal" "$copy-shm"
}

build_jar
wait_for_quiet
machine
trap stop_server EXIT
make_log
echo "log: $RETENTION_ROWS decisions, $(du -h "$LOG" | cut -f1); a sweep every $RETENTION_INTERVAL, no traffic"
for max_rows in 50000000 $((RETENTION_ROWS - 100000)); do
  for entry in $BENCH_JARS; do
    run_one "${entry%%=*}" "${entry#*=}" "$max_rows"
  done
done
