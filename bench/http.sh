#!/usr/bin/env bash
# HTTP benchmark of the Java service with wrk: POST /predict with all monitoring and the prediction
# log on (async commit, the default), GET /health on the same server, then POST /predict with
# --commit sync. The server is pinned to SERVER_CORE and wrk to LOAD_CORE; each run is preceded by
# a warm-up of WRK_WARMUP so the JIT has compiled the request path.
#
# Usage: bench/http.sh            (see bench/lib.sh for the settings it reads)
source "$(dirname "$0")/lib.sh"

build_jar
wait_for_quiet
machine
echo "server      taskset -c $SERVER_CORE java $JVM_FLAGS -jar target/loan-model-api.jar serve (1 event loop)"
echo "load        taskset -c $LOAD_CORE wrk -t1 -c$WRK_CONNECTIONS -d$WRK_DURATION --latency (after a $WRK_WARMUP warm-up)"
: >"$OUT/results.env"
trap stop_server EXIT

start_java_server
echo
echo "== POST /predict, async commit =="
run_wrk warmup-predict "http://127.0.0.1:$API_PORT/predict" -d"$WRK_WARMUP" -s "$ROOT/bench/wrk/predict.lua" >/dev/null
measure_undisturbed predict "$SERVER_PID" "http://127.0.0.1:$API_PORT/predict" -s "$ROOT/bench/wrk/predict.lua"
echo
echo "== GET /health, same server =="
measure_undisturbed health "$SERVER_PID" "http://127.0.0.1:$API_PORT/health"
echo "VmHWM (peak RSS since start): $(awk '/^VmHWM:/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER_PID/status")"
stop_server

start_java_server --commit sync
echo
echo "== POST /predict, sync commit (answered after the batch is on disk) =="
run_wrk warmup-sync "http://127.0.0.1:$API_PORT/predict" -d"$WRK_WARMUP" -s "$ROOT/bench/wrk/predict.lua" >/dev/null
measure_undisturbed predict-sync "$SERVER_PID" "http://127.0.0.1:$API_PORT/predict" -s "$ROOT/bench/wrk/predict.lua"
stop_server
cp "$OUT/results.env" "$OUT/http.env"

predict=$(result predict.rps)
health=$(result health.rps)
echo
echo "== summary =="
awk -v p="$predict" -v h="$health" -v s="$(result predict-sync.rps)" -v p99="$(result predict.p99_ms)" \
  -v rss="$(result predict.rss_mb)" 'BEGIN {
    printf "POST /predict (async)   %10.0f req/s, p99 %.2f ms (target <= 5 ms), peak RSS %d MB (target <= 300 MB)\n", p, p99, rss
    printf "GET /health             %10.0f req/s\n", h
    printf "POST /predict (sync)    %10.0f req/s (%.0f%% of async)\n", s, 100 * s / p
    printf "/predict vs /health     %10.2f (target >= 0.7)\n", p / h
  }'
if grep -q "disturbed=1" "$OUT/results.env"; then
  echo "DISTURBED   some runs above had other work on the machine: $(grep -c disturbed=1 "$OUT/results.env") attempt(s)"
fi
seed=$(grep '^seed-predict.rps=' "$OUT/seed.env" 2>/dev/null | tail -1 | cut -d= -f2 || true)
if [[ -n $seed ]]; then
  awk -v p="$predict" -v s="$seed" 'BEGIN {printf "Java vs Python seed     %10.0fx (target >= 400x; seed %.1f req/s from bench/seed.sh)\n", p / s, s}'
else
  echo "Java vs Python seed     run bench/seed.sh first for the ratio"
fi
