#!/usr/bin/env bash
# What the JIT compiler still compiles, and throws away, once the service is ready: the README's
# command pinned to SERVER_CORE with a Java Flight Recorder recording from the start (every
# compilation, jdk.Compilation at a 0 ms threshold, and every deoptimization), /ready polled every
# 10 ms, then at once wrk (-t1 -c$WRK_CONNECTIONS, bench/wrk/predict.lua, JIT_LOAD_SECONDS) from
# LOAD_CORE. Prints C2's work in each of the first seconds after ready, the compilations that started
# after it and the deoptimizations after it (bench/jit-after-ready.py). Code the warm-up compiled
# and the real service then threw away shows up here by name, with the line that threw it away.
#
# Usage: bench/jit-after-ready.sh   (settings besides bench/lib.sh's: JIT_RUNS (2), JIT_LOAD_SECONDS (10),
#   WARM_UP_LIMIT (120s: long enough that the warm-up settles rather than stopping at its limit))
source "$(dirname "$0")/lib.sh"

RUNS=${JIT_RUNS:-2}
LOAD_SECONDS=${JIT_LOAD_SECONDS:-10}
LIMIT=${WARM_UP_LIMIT:-120s}
JDK_JFC="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/default.jfc"

build_jar
wait_for_quiet
machine
# The JDK's default settings with every compilation recorded, not only those over 1 s.
SETTINGS="$OUT/jit-after-ready.jfc"
"$PYTHON" - "$JDK_JFC" "$SETTINGS" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r'(<event name="jdk.Compilation">.*?<setting name="threshold"[^>]*>)[^<]*(</setting>)',
              r'\g<1>0 ms\2', text, flags=re.S)
open(sys.argv[2], "w").write(text)
PY

# The README's command, as start_java_server runs it but without the benchmarks' heap flags.
export WARM_UP_LIMIT=$LIMIT
REPORT_ARGS=()
for ((run = 1; run <= RUNS; run++)); do
  recording="$OUT/jit-after-ready-$run.jfr"
  JVM_FLAGS="-XX:StartFlightRecording=filename=$recording,settings=$SETTINGS" start_java_server
  until curl -sf -o /dev/null "http://127.0.0.1:$API_PORT/ready"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "error: the server exited; see $OUT/server-$API_PORT.log" >&2; exit 1; }
    sleep 0.01
  done
  ready=$(date +%s.%N)
  taskset -c "$LOAD_CORE" wrk -t1 -c"$WRK_CONNECTIONS" -d"${LOAD_SECONDS}s" -s "$ROOT/bench/wrk/predict.lua" \
    "http://127.0.0.1:$API_PORT/predict" | grep -E "Requests/sec|Non-2xx" || true
  stop_server
  grep -o "warm-up done.*" "$OUT/server-$API_PORT.log" || true
  REPORT_ARGS+=("$recording" "$ready")
done
"$PYTHON" "$ROOT/bench/jit-after-ready.py" "${REPORT_ARGS[@]}"
