# Shared by the benchmark scripts (sourced, not run): machine description, waiting for a quiet
# machine, free ports, a pinned server, memory and CPU-steal readings, wrk output parsing.
#
# Settings, all optional:
#   SERVER_CORE (0), LOAD_CORE (1)   cores for the server and for the load generator
#   JVM_FLAGS                        flags of the Java server (default below, documented in BENCHMARKS.md)
#   WRK_CONNECTIONS (32), WRK_DURATION (20s)
#   WRK_WARMUP (40s)                 load before each measured run: on one pinned core the JIT needs
#                                    about 30 s to finish compiling the request path (with 10 s, p99
#                                    of /health was 20 ms instead of 4.5 ms and C2 still used a
#                                    third of the core)
#   BENCH_MIN_IDLE (90)              % CPU idle over 3 s that counts as a quiet machine
#   BENCH_WAIT_MAX (1800)            seconds to wait for a quiet machine before giving up
#   BENCH_ALLOW_BUSY (0)             1: measure anyway after the wait, marking the numbers BUSY
#   BENCH_MAX_STOLEN (2.0)           CPU seconds other processes may use during one run before it
#                                    counts as disturbed and is repeated, up to BENCH_TRIES (3) times

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${BENCH_JAR:-$ROOT/target/loan-model-api.jar}
OUT=$ROOT/target/bench
PYTHON=/usr/bin/python3
SERVER_CORE=${SERVER_CORE:-0}
LOAD_CORE=${LOAD_CORE:-1}
# Serial GC: the server has one core, a concurrent collector would only compete with the event
# loop. A fixed 128 MB heap with an 80 MB young generation: the live set is about 11 MB, so young
# collections are rare and cheap. With -Xms32m the young generation stayed near 10 MB and its
# collections took 4% of the core (VM_Thread); with -Xmn80m, 0.6%, and /predict gained 8%.
JVM_FLAGS=${JVM_FLAGS:--XX:+UseSerialGC -Xms128m -Xmx128m -Xmn80m -XX:MaxMetaspaceSize=96m -Xss512k}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
WRK_DURATION=${WRK_DURATION:-20s}
WRK_WARMUP=${WRK_WARMUP:-40s}
CLK_TCK=$(getconf CLK_TCK)
mkdir -p "$OUT"

machine() {
  echo "date        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu         $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores)"
  echo "memory      $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "kernel      $(uname -r)"
  echo "java        $(java -version 2>&1 | head -1)"
  echo "load avg    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
}

# Percent of CPU time idle over $1 seconds, all cores.
idle_percent() {
  local a b
  read -r -a a < <(head -1 /proc/stat)
  sleep "$1"
  read -r -a b < <(head -1 /proc/stat)
  local total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  local idle=$((b[4] - a[4] + b[5] - a[5]))
  echo $((100 * idle / (total > 0 ? total : 1)))
}

# Waits until the machine is quiet: other engineers build and test on it, and numbers taken
# while they do are worthless. Polls; never touches their processes.
wait_for_quiet() {
  local deadline=$((SECONDS + ${BENCH_WAIT_MAX:-1800})) idle
  while true; do
    idle=$(idle_percent 3)
    if ((idle >= ${BENCH_MIN_IDLE:-90})); then
      echo "quiet       ${idle}% idle over 3 s"
      return 0
    fi
    echo "busy        ${idle}% idle over 3 s; java/maven: $(pgrep -fa 'java|mvn' | cut -c1-90 | paste -sd';' -)" >&2
    if ((SECONDS >= deadline)); then
      if [[ ${BENCH_ALLOW_BUSY:-0} == 1 ]]; then
        echo "WARNING     BUSY machine (${idle}% idle): numbers below are not comparable"
        return 0
      fi
      echo "error: machine still busy after ${BENCH_WAIT_MAX:-1800} s; set BENCH_ALLOW_BUSY=1 to measure anyway" >&2
      exit 3
    fi
    sleep 20
  done
}

# CPU ticks (user + system) in a /proc/.../stat line $1.
stat_ticks() {
  local -a fields
  read -r -a fields <<<"${1##*) }"
  echo $((fields[11] + fields[12]))
}

# "pid ticks" for every process except those given: CPU each has used so far.
cpu_snapshot() {
  local exclude=" $* " f pid line
  for f in /proc/[0-9]*/stat; do
    pid=${f#/proc/}
    pid=${pid%/stat}
    [[ $exclude == *" $pid "* ]] && continue
    line=$(cat "$f" 2>/dev/null) || continue
    echo "$pid $(stat_ticks "$line")"
  done
}

# CPU seconds other processes used between two snapshots: the growth of those alive in both, plus
# all of those that started in between and are still running. (Processes that started and ended in
# between, such as wrk itself, are not seen.)
stolen_seconds() {
  awk -v hz="$CLK_TCK" 'NR == FNR {before[$1] = $2; next}
    {total += ($1 in before) ? $2 - before[$1] : $2}
    END {printf "%.1f", total / hz}' "$1" "$2"
}

# Whether a measurement between CPU snapshots $1 and $2 had the machine to itself: other processes
# took at most BENCH_MAX_STOLEN / 4 s of CPU (a short slice of a longer run). If not, says so for
# "$3 $4" (e.g. "pair 3"), records "$3-$4.disturbed=1" in file $5, and fails.
slice_undisturbed() {
  local steal
  steal=$(stolen_seconds "$1" "$2")
  if awk -v s="$steal" -v max="${BENCH_MAX_STOLEN:-2.0}" 'BEGIN {exit !(s <= max / 4)}'; then
    return 0
  fi
  echo "$3 $4 DISTURBED: other processes took $steal s of CPU; measuring it again"
  echo "$3-$4.disturbed=1" >>"$5"
  return 1
}

# "tid ticks name" for every thread of process $1.
thread_snapshot() {
  local f line
  for f in /proc/"$1"/task/[0-9]*/stat; do
    line=$(cat "$f" 2>/dev/null) || continue
    local name=${line#*(}
    name=${name%%)*}
    local tid=${f%/stat}
    echo "${tid##*/} $(stat_ticks "$line") ${name// /_}"
  done
}

# CPU seconds per thread name (threads of one pool summed) between two thread snapshots, over a run
# of $3 seconds, largest first.
thread_cpu() {
  awk -v hz="$CLK_TCK" -v secs="$3" 'NR == FNR {before[$1] = $2; next}
    {name = $3; sub(/-?[0-9]+$/, "", name); used[name] += $2 - (($1 in before) ? before[$1] : 0)}
    END {for (n in used) if (used[n] > 0) printf "  %6.2f s  %5.1f%% of one core  %s\n", used[n] / hz, 100 * used[n] / hz / secs, n}' \
    "$1" "$2" | sort -rn
}

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

build_jar() {
  if [[ ! -f $JAR || ${BENCH_BUILD:-1} == 1 ]]; then
    (cd "$ROOT" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package)
  fi
}

# Polls GET $1 until it answers 200; fails after $2 seconds.
await_http() {
  local url=$1 limit=${2:-60} start=$SECONDS
  until curl -sf -o /dev/null "$url"; do
    if ((SECONDS - start > limit)); then
      echo "error: $url did not answer within $limit s" >&2
      return 1
    fi
    sleep 0.1
  done
}

# Starts the Java server pinned to SERVER_CORE; sets SERVER_PID, API_PORT, METRICS_PORT.
start_java_server() {
  API_PORT=$(free_port)
  METRICS_PORT=$(free_port)
  local db="$OUT/predictions-$API_PORT.db"
  rm -f "$db" "$db-wal" "$db-shm"
  # shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
  taskset -c "$SERVER_CORE" java $JVM_FLAGS -jar "$JAR" serve --host 127.0.0.1 --port "$API_PORT" \
    --metrics-port "$METRICS_PORT" --prediction-log "$db" "$@" >"$OUT/server-$API_PORT.log" 2>&1 &
  SERVER_PID=$!
  await_http "http://127.0.0.1:$API_PORT/health" 60
}

stop_server() {
  if [[ -n ${SERVER_PID:-} ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}

# Samples VmRSS of $1 every 0.2 s into $2 (kB, one per line) until killed.
sample_rss() {
  while kill -0 "$1" 2>/dev/null; do
    awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null >>"$2" || true
    sleep 0.2
  done
}

# Runs wrk pinned to LOAD_CORE and prints its output; $1 is the label, $2 the URL, the rest wrk options.
run_wrk() {
  local label=$1 url=$2
  shift 2
  taskset -c "$LOAD_CORE" wrk -t1 -c"$WRK_CONNECTIONS" "$@" --latency "$url" >"$OUT/wrk-$label.txt"
  cat "$OUT/wrk-$label.txt"
}

# Measures: wrk for WRK_DURATION against $3 with the server $2 ($1 labels the run); prints wrk's
# report, the peak RSS of the server during the run and the CPU other processes took meanwhile.
measure() {
  local label=$1 pid=$2 url=$3
  shift 3
  local rss="$OUT/rss-$label.txt" sampler
  : >"$rss"
  sample_rss "$pid" "$rss" &
  sampler=$!
  cpu_snapshot "$pid" "$sampler" $$ >"$OUT/cpu-before-$label.txt"
  thread_snapshot "$pid" >"$OUT/threads-before-$label.txt"
  local start=$SECONDS
  run_wrk "$label" "$url" -d"$WRK_DURATION" "$@"
  local seconds=$((SECONDS - start))
  thread_snapshot "$pid" >"$OUT/threads-after-$label.txt"
  cpu_snapshot "$pid" "$sampler" $$ >"$OUT/cpu-after-$label.txt"
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  local rss_mb steal
  rss_mb=$(sort -n "$rss" | tail -1 | awk '{printf "%.0f", $1 / 1024}')
  steal=$(stolen_seconds "$OUT/cpu-before-$label.txt" "$OUT/cpu-after-$label.txt")
  echo "peak RSS of the server during the run: ${rss_mb} MB"
  echo "CPU used meanwhile by other processes (not the server, not wrk): ${steal} s"
  echo "server CPU by thread (top 4):"
  thread_cpu "$OUT/threads-before-$label.txt" "$OUT/threads-after-$label.txt" "$seconds" | head -4
  echo "$label.rss_mb=$rss_mb" >>"$OUT/results.env"
  echo "$label.others_cpu_s=$steal" >>"$OUT/results.env"
  echo "$label.rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/wrk-$label.txt")" >>"$OUT/results.env"
  echo "$label.seconds=$seconds" >>"$OUT/results.env"
  echo "$label.p99_ms=$(p99_ms "$OUT/wrk-$label.txt")" >>"$OUT/results.env"
  fail_on_non_2xx "$label" || return 1
  if awk -v s="$steal" -v max="${BENCH_MAX_STOLEN:-2.0}" 'BEGIN {exit !(s > max)}'; then
    echo "DISTURBED   other processes took ${steal} s of CPU during the run (limit ${BENCH_MAX_STOLEN:-2.0} s)"
    return 10
  fi
}

# Fails, naming the run, when wrk's report of run $1 counted answers that were not 2xx.
fail_on_non_2xx() {
  if grep -q "Non-2xx" "$OUT/wrk-$1.txt"; then
    echo "error: $1: some answers were not 2xx: $(grep Non-2xx "$OUT/wrk-$1.txt")" >&2
    return 1
  fi
}

# One slice of the two-server method (reasons.sh, ab.sh): POST /predict (bench/wrk/predict.lua)
# to the server on port $1 for WRK_SLICE; prints how many requests it completed, or fails on a
# non-2xx answer.
predict_slice() {
  local label="slice-$1"
  run_wrk "$label" "http://127.0.0.1:$1/predict" -d"${WRK_SLICE:-5s}" -s "$ROOT/bench/wrk/predict.lua" >/dev/null
  fail_on_non_2xx "$label" || return 1
  awk '/ requests in / {print $1}' "$OUT/wrk-$label.txt"
}

# CPU ticks (user + system, all threads) process $1 has used so far.
process_ticks() {
  local line
  line=$(cat "/proc/$1/stat") || return 1
  stat_ticks "$line"
}

# predict_slice against port $1 of server $2; prints "requests ticks": the requests answered and
# the CPU ticks the server used meanwhile.
predict_slice_cpu() {
  local before after requests
  before=$(process_ticks "$2") || return 1
  requests=$(predict_slice "$1") || return 1
  after=$(process_ticks "$2") || return 1
  echo "$requests $((after - before))"
}

# measure, repeated (after waiting for quiet again) while other processes disturb it, at most
# BENCH_TRIES (3) times; the last attempt's numbers stand, marked DISTURBED if it was.
measure_undisturbed() {
  local attempt status
  for ((attempt = 1; attempt <= ${BENCH_TRIES:-3}; attempt++)); do
    status=0
    measure "$@" || status=$?
    if ((status != 10)); then
      return "$status"
    fi
    echo "$1.disturbed=1" >>"$OUT/results.env"
    if ((attempt < ${BENCH_TRIES:-3})); then
      wait_for_quiet
      echo "retrying $1 (attempt $((attempt + 1)))"
    fi
  done
}

# wrk's 99% latency line in milliseconds.
p99_ms() {
  awk '$1 == "99%" {
    v = $2
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
  }' "$1"
}

# The value of key $1 from the latest results.env entries, or empty.
result() {
  grep "^$1=" "$OUT/results.env" 2>/dev/null | tail -1 | cut -d= -f2
}
