#!/usr/bin/env bash
# What inline adverse-action reasons cost: POST /predict (bench/wrk/predict.lua, about 69 % of its
# applicants denied, so most answers carry reasons) on a server with --reasons true, then on the
# same server command with --reasons false, then with reasons on again, so that drift of the
# machine during the run shows as a difference between the two "on" figures. Server pinned to
# SERVER_CORE, wrk to LOAD_CORE, WRK_WARMUP before each measured run.
#
# Usage: bench/reasons.sh            (see bench/lib.sh for the settings it reads)
source "$(dirname "$0")/lib.sh"

build_jar
wait_for_quiet
machine
echo "server      taskset -c $SERVER_CORE java $JVM_FLAGS -jar target/loan-model-api.jar serve --reasons true|false"
echo "load        taskset -c $LOAD_CORE wrk -t1 -c$WRK_CONNECTIONS -d$WRK_DURATION --latency (after a $WRK_WARMUP warm-up)"
: >"$OUT/results.env"
trap stop_server EXIT

# $1 names the run, $2 is --reasons' value.
run_with_reasons() {
  start_java_server --reasons "$2"
  echo
  echo "== POST /predict, --reasons $2 =="
  run_wrk "warmup-$1" "http://127.0.0.1:$API_PORT/predict" -d"$WRK_WARMUP" -s "$ROOT/bench/wrk/predict.lua" >/dev/null
  measure_undisturbed "$1" "$SERVER_PID" "http://127.0.0.1:$API_PORT/predict" -s "$ROOT/bench/wrk/predict.lua"
  stop_server
}

run_with_reasons reasons-on-1 true
run_with_reasons reasons-off false
run_with_reasons reasons-on-2 true
cp "$OUT/results.env" "$OUT/reasons.env"

echo
echo "== summary =="
awk -v a="$(result reasons-on-1.rps)" -v off="$(result reasons-off.rps)" -v b="$(result reasons-on-2.rps)" 'BEGIN {
    on = (a + b) / 2
    printf "reasons on (two runs)   %10.0f and %.0f req/s\n", a, b
    printf "reasons off             %10.0f req/s\n", off
    printf "on / off                %10.3f (target >= 0.9)\n", on / off
  }'
if grep -q "disturbed=1" "$OUT/results.env"; then
  echo "DISTURBED   some runs above had other work on the machine: $(grep -c disturbed=1 "$OUT/results.env") attempt(s)"
fi
