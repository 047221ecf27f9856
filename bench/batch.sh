#!/usr/bin/env bash
# Open Inference Protocol batches end to end: wrk sends POST /v2/models/loan-model/infer with one
# [256, 7] FP64 tensor per request (bench/wrk/batch.lua) to the Java server with every monitor and
# the SQLite prediction log on (async commit, the default). The server is pinned to SERVER_CORE,
# wrk to LOAD_CORE; each measured run follows a warm-up of WRK_WARMUP. Prints rows/s = requests/s
# answered 200 x rows per request, the server's CPU per row by thread, and checks that the log
# holds every decided row.
#
# Usage: bench/batch.sh [extra serve options, e.g. --commit sync]
#   BATCH_ROWS (256)          rows per request
#   WRK_CONNECTIONS (8)       a 256-row request keeps the server busy for about a millisecond, so 8
#                             connections keep its one core fed without queueing deep
#   BENCH_JARS                "label=path ..." to compare builds side by side in one run, each
#                             measured in turn BENCH_ROUNDS (1) times (default: current=target/loan-model-api.jar)
#   (and the settings of bench/lib.sh)
WRK_CONNECTIONS=${WRK_CONNECTIONS:-8}
source "$(dirname "$0")/lib.sh"

BATCH_ROWS=${BATCH_ROWS:-256}
export BATCH_ROWS
BENCH_JARS=${BENCH_JARS:-current=$JAR}
BENCH_ROUNDS=${BENCH_ROUNDS:-1}

# CPU seconds of the server's threads between two thread snapshots.
server_cpu_seconds() {
  awk -v hz="$CLK_TCK" 'NR == FNR {before[$1] = $2; next}
    {used += $2 - (($1 in before) ? before[$1] : 0)}
    END {printf "%.2f", used / hz}' "$1" "$2"
}

# One sample of the metrics port, e.g. metric model_success_total.
metric() {
  curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" | awk -v name="$1" '$1 == name {printf "%.0f", $2}'
}

# Starts the server from jar $2, warms it up, measures, checks the log; $1 labels the run.
run_one() {
  local label=$1
  JAR=$2
  shift 2
  start_java_server "$@"
  local url="http://127.0.0.1:$API_PORT/v2/models/loan-model/infer"
  echo
  echo "== $label: POST /v2/models/loan-model/infer, $BATCH_ROWS rows per request ($JAR) =="
  run_wrk "warmup-$label" "$url" -d"$WRK_WARMUP" -s "$ROOT/bench/wrk/batch.lua" >/dev/null
  local decided_before
  decided_before=$(metric model_success_total)
  measure_undisturbed "$label" "$SERVER_PID" "$url" -s "$ROOT/bench/wrk/batch.lua" ||
    echo "$label.failed=1" >>"$OUT/results.env"
  local decided_after
  decided_after=$(metric model_success_total)
  local cpu rows
  cpu=$(server_cpu_seconds "$OUT/threads-before-$label.txt" "$OUT/threads-after-$label.txt")
  rows=$((decided_after - decided_before))
  echo "rows decided during the run: $rows; server CPU $cpu s: $(awk -v c="$cpu" -v r="$rows" 'BEGIN {printf "%.2f", 1e6 * c / (r > 0 ? r : 1)}') µs per row"
  echo "$label.cpu_us_per_row=$(awk -v c="$cpu" -v r="$rows" 'BEGIN {printf "%.3f", 1e6 * c / (r > 0 ? r : 1)}')" >>"$OUT/results.env"
  stop_server
  # SIGTERM flushes the queue: the file then holds every decided row.
  local db="$OUT/predictions-$API_PORT.db"
  local stored
  stored=$(sqlite_rows "$db")
  echo "rows in the prediction log after shutdown: $stored (decided since start: $decided_after)"
  echo "$label.rows_stored=$stored" >>"$OUT/results.env"
  echo "$label.rows_decided=$decided_after" >>"$OUT/results.env"
  rm -f "$db" "$db-wal" "$db-shm"
}

sqlite_rows() {
  "$PYTHON" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM predictions").fetchone()[0])' "$1"
}

build_jar
wait_for_quiet
machine
echo "server      taskset -c $SERVER_CORE java $JVM_FLAGS -jar JAR serve $* (1 event loop)"
echo "load        taskset -c $LOAD_CORE wrk -t1 -c$WRK_CONNECTIONS -d$WRK_DURATION --latency -s bench/wrk/batch.lua (after a $WRK_WARMUP warm-up)"
: >"$OUT/results.env"
trap stop_server EXIT

labels=()
for ((round = 1; round <= BENCH_ROUNDS; round++)); do
  for entry in $BENCH_JARS; do
    label=${entry%%=*}
    suffix=$([[ $BENCH_ROUNDS -gt 1 ]] && echo "-$round" || true)
    run_one "$label$suffix" "${entry#*=}" "$@"
    labels+=("$label$suffix")
  done
done
cp "$OUT/results.env" "$OUT/batch.env"

echo
echo "== summary ($BATCH_ROWS rows per request) =="
for label in "${labels[@]}"; do
  # Only 2xx answers count: a batch answered 503 decided nothing for its client.
  ok_rps=$(awk '/requests in/ {n = $1; d = $4; sub(/s,?$/, "", d)} /Non-2xx/ {bad = $NF}
    END {printf "%.1f", (n - bad) / d}' "$OUT/wrk-$label.txt")
  awk -v l="$label" -v rps="$ok_rps" -v rows="$BATCH_ROWS" -v p99="$(result "$label.p99_ms")" \
    -v cpu="$(result "$label.cpu_us_per_row")" -v other="$(result "$label.others_cpu_s")" \
    -v stored="$(result "$label.rows_stored")" -v decided="$(result "$label.rows_decided")" \
    -v dist="$(grep -c "^$label.disturbed=1" "$OUT/results.env" || true)" \
    -v failed="$(grep -c "^$label.failed=1" "$OUT/results.env" || true)" 'BEGIN {
      printf "%-12s %8.0f req/s answered 200 = %9.0f rows/s (target >= 300000), p99 %.2f ms, server %.2f µs CPU per row,",
        l, rps, rps * rows, p99, cpu
      printf " others %.1f s CPU, log %s of %s rows%s%s\n", other, stored, decided,
        (dist > 0 ? ", DISTURBED" : ""), (failed > 0 ? ", FAILED (answers not 2xx)" : "")
    }'
done
