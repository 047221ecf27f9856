#!/usr/bin/env bash
# The same wrk load against the original Flask service rebuilt in bench/seed/app.py (scikit-learn
# forest of 100 trees, prometheus_client metrics, Flask development server), for the Java/Python
# ratio. Needs Debian's python3-flask, python3-sklearn and python3-prometheus-client:
#   apt-get install -y python3-flask python3-sklearn python3-prometheus-client
#
# Usage: bench/seed.sh
source "$(dirname "$0")/lib.sh"

if ! "$PYTHON" -c 'import flask, sklearn, prometheus_client' 2>/dev/null; then
  echo "error: $PYTHON lacks flask, sklearn or prometheus_client;" \
    "run: apt-get install -y python3-flask python3-sklearn python3-prometheus-client" >&2
  exit 2
fi
wait_for_quiet
machine
echo "python      $("$PYTHON" -c 'import sys, flask, sklearn; print(sys.version.split()[0], "flask", flask.__version__ if hasattr(flask, "__version__") else "?", "scikit-learn", sklearn.__version__)' 2>/dev/null)"
echo "server      taskset -c $SERVER_CORE $PYTHON bench/seed/app.py (Flask development server, threaded)"
echo "load        taskset -c $LOAD_CORE wrk -t1 -c$WRK_CONNECTIONS -d$WRK_DURATION --latency (after a 5 s warm-up)"
: >"$OUT/results.env"

API_PORT=$(free_port)
METRICS_PORT=$(free_port)
PORT=$API_PORT PROMETHEUS_METRICS_PORT=$METRICS_PORT taskset -c "$SERVER_CORE" "$PYTHON" "$ROOT/bench/seed/app.py" \
  >"$OUT/seed-server.log" 2>&1 &
SERVER_PID=$!
trap stop_server EXIT
await_http "http://127.0.0.1:$API_PORT/health" 120

echo
echo "== POST /predict, Python seed =="
run_wrk warmup-seed "http://127.0.0.1:$API_PORT/predict" -d5s -s "$ROOT/bench/wrk/predict.lua" >/dev/null
measure_undisturbed seed-predict "$SERVER_PID" "http://127.0.0.1:$API_PORT/predict" -s "$ROOT/bench/wrk/predict.lua"
echo
echo "== GET /health, Python seed =="
measure_undisturbed seed-health "$SERVER_PID" "http://127.0.0.1:$API_PORT/health"
stop_server
cp "$OUT/results.env" "$OUT/seed.env"
echo
echo "== summary =="
echo "seed POST /predict  $(result seed-predict.rps) req/s, p99 $(result seed-predict.p99_ms) ms"
echo "seed GET /health    $(result seed-health.rps) req/s"
