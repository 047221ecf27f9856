#!/usr/bin/env bash
# Scale-out on PostgreSQL: two replicas (REPLICAS) of the Java server share one prediction log in a private
# PostgreSQL cluster (initdb into target/bench/pg, its own port and socket, stopped by PID at the
# end), each driven by its own wrk. Measures what the shared log sustains and what it costs
# PostgreSQL: decisions per second, CPU seconds of all PostgreSQL processes per 1,000 decisions
# (from /proc), WAL records, bytes, writes and fsyncs (pg_stat_wal), checkpoints and buffer
# writes (pg_stat_bgwriter), and what the backends waited on (pg_stat_activity wait events and
# ungranted pg_locks, sampled once a second), then estimates how many replicas one PostgreSQL
# core serves at the measured per-replica rate.
#
# Placement on this 2-core machine (change with the variables below): both replicas on
# REPLICA_CORES (0), PostgreSQL and both wrk processes on PG_CORES (1). PostgreSQL's CPU per
# decision is measured on a core it shares only with the load generators; the replicas share one
# core, so the decisions per second here are what one core of replicas sends, not what the log
# could take.
#
# Usage: bench/postgres.sh [extra serve options, e.g. --commit sync]
#   PG_LOAD (predict)        predict: POST /predict (bench/wrk/predict.lua); batch: 256-row tensors
#   REPLICAS (2)             replicas sharing the log (1 measures what one replica sends on its own core)
#   REPLICA_CORES (0), PG_CORES (1)
#   PG_SETTINGS              extra postgres -c settings, e.g. "synchronous_commit=off"
#   (and the settings of bench/lib.sh; WRK_CONNECTIONS is per replica, 16 by default, 4 for batch)
PG_LOAD=${PG_LOAD:-predict}
if [[ $PG_LOAD == batch ]]; then
  WRK_CONNECTIONS=${WRK_CONNECTIONS:-4}
else
  WRK_CONNECTIONS=${WRK_CONNECTIONS:-16}
fi
source "$(dirname "$0")/lib.sh"
REPLICAS=${REPLICAS:-2}
REPLICA_CORES=${REPLICA_CORES:-0}
PG_CORES=${PG_CORES:-1}
export BATCH_ROWS=${BATCH_ROWS:-256}
case $PG_LOAD in
  predict) LOAD_PATH=/predict ;;
  batch) LOAD_PATH=/v2/models/loan-model/infer ;;
  *) echo "error: PG_LOAD must be predict or batch, got '$PG_LOAD'" >&2 && exit 2 ;;
esac

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [[ -z $PG_BIN || ! -x $PG_BIN/postgres ]]; then
  echo "error: PostgreSQL server binaries not found under /usr/lib/postgresql; apt-get install postgresql" >&2
  exit 2
fi
PG_DIR=$OUT/pg
PG_DATA=$PG_DIR/data
PG_USER=loan
PG_PID=
REPLICA_PIDS=()
SAMPLER_PID=

# PostgreSQL refuses to run as root: as root, run its programs as the postgres user.
as_db_user() {
  if [[ $(id -u) == 0 ]]; then
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  else
    "$@"
  fi
}

sql() {
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "${2:-loans}" -At -F ' ' -c "$1"
}

start_postgres() {
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  chmod 777 "$PG_DIR"
  as_db_user "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" -A trust -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1
  PG_PORT=$(free_port)
  local extra=() setting
  for setting in ${PG_SETTINGS:-}; do extra+=(-c "$setting"); done
  # Defaults otherwise (fsync and synchronous_commit on): the durability replicas rely on.
  # track_wal_io_timing only adds the time of the WAL writes and fsyncs to pg_stat_wal.
  taskset -c "$PG_CORES" setpriv --reuid=postgres --regid=postgres --init-groups -- \
    "$PG_BIN/postgres" -D "$PG_DATA" -p "$PG_PORT" -k "$PG_DIR" -c listen_addresses=127.0.0.1 \
    -c shared_buffers=512MB -c max_wal_size=4GB -c track_wal_io_timing=on "${extra[@]}" \
    >"$PG_DIR/server.log" 2>&1 &
  PG_PID=$!
  local start=$SECONDS
  until sql "SELECT 1" postgres >/dev/null 2>&1; do
    if ((SECONDS - start > 30)) || ! kill -0 "$PG_PID" 2>/dev/null; then
      echo "error: PostgreSQL did not start: $(tail -5 "$PG_DIR/server.log")" >&2
      exit 1
    fi
    sleep 0.2
  done
  sql "CREATE DATABASE loans" postgres >/dev/null
}

# Starts replica $1 on REPLICA_CORES against the shared log; appends to REPLICA_PIDS, REPLICA_PORTS.
start_replica() {
  local api metrics
  api=$(free_port)
  metrics=$(free_port)
  # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
  taskset -c "$REPLICA_CORES" java $JVM_FLAGS -jar "$JAR" serve --host 127.0.0.1 --port "$api" \
    --metrics-port "$metrics" --prediction-log "jdbc:postgresql://127.0.0.1:$PG_PORT/loans?user=$PG_USER" \
    "${@:2}" >"$OUT/replica-$1.log" 2>&1 &
  REPLICA_PIDS+=($!)
  REPLICA_API+=("$api")
  REPLICA_METRICS+=("$metrics")
}

# SIGTERM: each replica stops accepting, flushes its queue to the log and exits.
stop_replicas() {
  local pid
  for pid in "${REPLICA_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || continue
    wait "$pid" 2>/dev/null || true
  done
  REPLICA_PIDS=()
}

stop_all() {
  if [[ -n $SAMPLER_PID ]]; then
    kill "$SAMPLER_PID" 2>/dev/null || true
  fi
  stop_replicas
  if [[ -n $PG_PID ]] && kill -0 "$PG_PID" 2>/dev/null; then
    # SIGINT is PostgreSQL's fast shutdown: it disconnects clients and stops.
    kill -INT "$PG_PID"
    wait "$PG_PID" 2>/dev/null || true
  fi
  PG_PID=
}

# Total CPU ticks of the postmaster and every process it started, except pid $1 (the sampler's backend).
pg_ticks() {
  local f line ppid pid total=0
  for f in /proc/[0-9]*/stat; do
    line=$(cat "$f" 2>/dev/null) || continue
    pid=${f#/proc/}
    pid=${pid%/stat}
    read -r -a fields <<<"${line##*) }"
    ppid=${fields[1]}
    if [[ $pid == "$PG_PID" || $ppid == "$PG_PID" ]] && [[ $pid != "${1:-}" ]]; then
      total=$((total + fields[11] + fields[12]))
    fi
  done
  echo "$total"
}

# The processes the postmaster started (its backends and workers).
pg_children() {
  local f line pid
  for f in /proc/[0-9]*/stat; do
    line=$(cat "$f" 2>/dev/null) || continue
    pid=${f#/proc/}
    read -r -a fields <<<"${line##*) }"
    [[ ${fields[1]} == "$PG_PID" ]] && echo "${pid%/stat}"
  done
}

# Sum of model_success_total over the replicas' scrapes.
decided() {
  local port total=0 value
  for port in "${REPLICA_METRICS[@]}"; do
    value=$(curl -sf "http://127.0.0.1:$port/metrics" | awk '$1 == "model_success_total" {printf "%.0f", $2}')
    total=$((total + ${value:-0}))
  done
  echo "$total"
}

WAL_COLUMNS="wal_records, wal_fpi, wal_bytes, wal_buffers_full, wal_write, wal_sync, wal_write_time, wal_sync_time"
BGWRITER_COLUMNS="checkpoints_timed, checkpoints_req, buffers_checkpoint, buffers_clean, buffers_backend,"\
" buffers_backend_fsync, checkpoint_write_time, checkpoint_sync_time"

build_jar
wait_for_quiet
machine
echo "postgres    $("$PG_BIN/postgres" --version), private cluster in target/bench/pg, pinned to core(s) $PG_CORES"
echo "replicas    $REPLICAS x taskset -c $REPLICA_CORES java $JVM_FLAGS -jar target/loan-model-api.jar serve --prediction-log jdbc:postgresql://... $*"
echo "load        per replica: taskset -c $PG_CORES wrk -t1 -c$WRK_CONNECTIONS -d$WRK_DURATION $LOAD_PATH (bench/wrk/$PG_LOAD.lua), after a $WRK_WARMUP warm-up"
trap stop_all EXIT
REPLICA_API=()
REPLICA_METRICS=()
start_postgres
# One after the other: the first runs the schema migrations, the others find them done.
for ((i = 0; i < REPLICAS; i++)); do
  start_replica "$i" "$@"
  await_http "http://127.0.0.1:${REPLICA_API[$i]}/health" 60
done

drive() {
  local seconds=$1 label=$2 i
  local pids=()
  for ((i = 0; i < REPLICAS; i++)); do
    taskset -c "$PG_CORES" wrk -t1 -c"$WRK_CONNECTIONS" -d"$seconds" --latency -s "$ROOT/bench/wrk/$PG_LOAD.lua" \
      "http://127.0.0.1:${REPLICA_API[$i]}$LOAD_PATH" >"$OUT/wrk-pg-$label-$i.txt" &
    pids+=($!)
  done
  wait "${pids[@]}"
}

echo
echo "warming up for $WRK_WARMUP"
drive "$WRK_WARMUP" warmup
wait_for_quiet

# One psql session samples what active backends wait on and how many lock requests wait, once a
# second; its own backend is left out of the CPU figure.
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d loans -At -F ' ' >"$OUT/pg-waits.txt" 2>&1 <<'EOF' &
SELECT pg_backend_pid(), coalesce(wait_event_type, 'CPU'), coalesce(wait_event, 'running'), count(*),
  (SELECT count(*) FROM pg_locks WHERE NOT granted)
  FROM pg_stat_activity WHERE datname = 'loans' AND state = 'active' AND pid <> pg_backend_pid()
  GROUP BY 1, 2, 3 \watch 1
EOF
SAMPLER_PID=$!
sleep 1.5
sampler_backend=$(awk 'NF >= 5 {print $1; exit}' "$OUT/pg-waits.txt")
wal_before=$(sql "SELECT $WAL_COLUMNS FROM pg_stat_wal")
bg_before=$(sql "SELECT $BGWRITER_COLUMNS FROM pg_stat_bgwriter")
xact_before=$(sql "SELECT xact_commit FROM pg_stat_database WHERE datname = 'loans'")
decided_before=$(decided)
ticks_before=$(pg_ticks "$sampler_backend")
mapfile -t ours < <(pg_children)
cpu_snapshot "$PG_PID" $$ "${REPLICA_PIDS[@]}" "$SAMPLER_PID" "${ours[@]}" >"$OUT/cpu-before-pg.txt"
for ((i = 0; i < REPLICAS; i++)); do thread_snapshot "${REPLICA_PIDS[$i]}" >"$OUT/threads-before-pg-$i.txt"; done
start=$(date +%s.%N)
drive "$WRK_DURATION" measured
seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')
ticks_after=$(pg_ticks "$sampler_backend")
for ((i = 0; i < REPLICAS; i++)); do thread_snapshot "${REPLICA_PIDS[$i]}" >"$OUT/threads-after-pg-$i.txt"; done
mapfile -t ours < <(pg_children)
cpu_snapshot "$PG_PID" $$ "${REPLICA_PIDS[@]}" "$SAMPLER_PID" "${ours[@]}" >"$OUT/cpu-after-pg.txt"
decided_after=$(decided)
xact_after=$(sql "SELECT xact_commit FROM pg_stat_database WHERE datname = 'loans'")
wal_after=$(sql "SELECT $WAL_COLUMNS FROM pg_stat_wal")
bg_after=$(sql "SELECT $BGWRITER_COLUMNS FROM pg_stat_bgwriter")
kill "$SAMPLER_PID" 2>/dev/null
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=
others=$(stolen_seconds "$OUT/cpu-before-pg.txt" "$OUT/cpu-after-pg.txt")

echo
for ((i = 0; i < REPLICAS; i++)); do
  echo "replica $i: $(awk '/^Requests\/sec:/ {print $2 " req/s"}' "$OUT/wrk-pg-measured-$i.txt"), p99 $(p99_ms "$OUT/wrk-pg-measured-$i.txt") ms$(grep -h "Non-2xx" "$OUT/wrk-pg-measured-$i.txt" | sed 's/^ */, /'); CPU by thread:"
  thread_cpu "$OUT/threads-before-pg-$i.txt" "$OUT/threads-after-pg-$i.txt" "${seconds%.*}" | head -3
done
total_decided=$(decided)
stop_replicas
stored=$(sql "SELECT count(*) FROM predictions")
echo "prediction log: $stored rows once the replicas flushed and stopped; they decided $total_decided since start"
stop_all
echo "(replicas and PostgreSQL stopped by PID)"
echo
awk -v hz="$CLK_TCK" -v s="$seconds" -v d0="$decided_before" -v d1="$decided_after" -v t0="$ticks_before" \
  -v t1="$ticks_after" -v x0="$xact_before" -v x1="$xact_after" -v w0="$wal_before" -v w1="$wal_after" \
  -v b0="$bg_before" -v b1="$bg_after" -v others="$others" -v replicas="$REPLICAS" 'BEGIN {
    split(w0, a, " "); split(w1, b, " "); split(b0, c, " "); split(b1, e, " ")
    n = d1 - d0; cpu = (t1 - t0) / hz
    printf "window                 %.1f s; other processes used %.1f s of CPU meanwhile\n", s, others
    printf "decisions              %d, %.0f/s over %d replica(s) (%.0f per replica)\n", n, n / s, replicas, n / s / replicas
    printf "PostgreSQL CPU         %.2f s = %.1f%% of one core; %.3f CPU s per 1,000 decisions\n", cpu, 100 * cpu / s, 1000 * cpu / n
    printf "transactions           %d committed, %.0f/s, %.1f decisions each\n", x1 - x0, (x1 - x0) / s, n / (x1 - x0)
    printf "WAL                    %d records, %d full-page images, %.1f MB (%.0f bytes per decision, %.1f MB/s)\n",
      b[1] - a[1], b[2] - a[2], (b[3] - a[3]) / 1e6, (b[3] - a[3]) / n, (b[3] - a[3]) / 1e6 / s
    printf "WAL writes and fsyncs  %d writes, %d fsyncs (%.0f/s, %.3f per 1,000 decisions), %d waits for a full WAL buffer;\n",
      b[5] - a[5], b[6] - a[6], (b[6] - a[6]) / s, 1000 * (b[6] - a[6]) / n, b[4] - a[4]
    printf "                       %.0f ms writing, %.0f ms in fsync\n", b[7] - a[7], b[8] - a[8]
    printf "checkpoints            %d timed, %d requested; %d buffers written by checkpoints, %d by the background writer, %d by backends\n",
      e[1] - c[1], e[2] - c[2], e[3] - c[3], e[4] - c[4], e[5] - c[5]
    if (cpu > 0) {
      per = cpu / n
      printf "one PostgreSQL core    takes %.0f decisions/s at this CPU cost (1 / %.1f us)\n", 1 / per, 1e6 * per
    }
  }'
echo
echo "what the active backends were doing (samples, once a second over the window):"
awk 'NF >= 5 && $1 != "" {key = $2 " " $3; count[key] += $4; locks = ($5 > locks ? $5 : locks)}
  END {for (k in count) printf "  %6d  %s\n", count[k], k; printf "  most ungranted lock requests seen at once: %d\n", locks}' \
  "$OUT/pg-waits.txt" | sort -rn
