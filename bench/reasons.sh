#!/usr/bin/env bash
# What inline adverse-action reasons cost: POST /predict (bench/wrk/predict.lua, about 69 % of its
# applicants denied, so most answers carry reasons) on a server with --reasons true, then on the
# same server command with --reasons false, alternating (see REASONS_ROUNDS below), so that drift
# of the machine during the run shows as a difference between the "on" figures. Server pinned to
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

# Runs alternate on, off, on, ... ending with on, so that every "off" run sits between two "on"
# runs; REASONS_ROUNDS pairs (2 by default) before the last "on". Each run is a new JVM, whose JIT
# may settle differently: the ratio is of the medians.
REASONS_ROUNDS=${REASONS_ROUNDS:-2}
for round in $(seq 1 "$REASONS_ROUNDS"); do
  run_with_reasons "reasons-on-$round" true
  run_with_reasons "reasons-off-$round" false
done
run_with_reasons "reasons-on-$((REASONS_ROUNDS + 1))" true
cp "$OUT/results.env" "$OUT/reasons.env"

echo
echo "== summary =="
on=$(for r in $(seq 1 $((REASONS_ROUNDS + 1))); do result "reasons-on-$r.rps"; done | tr '\n' ' ')
off=$(for r in $(seq 1 "$REASONS_ROUNDS"); do result "reasons-off-$r.rps"; done | tr '\n' ' ')
awk -v on="$on" -v off="$off" '
  function median(list, values,   n, i, j, t) {
    n = split(list, values, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (values[j] < values[i]) { t = values[i]; values[i] = values[j]; values[j] = t }
    return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
  }
  BEGIN {
    printf "reasons on   (runs 1, 3, 5, ...)  %s req/s, median %.0f\n", on, median(on)
    printf "reasons off  (runs 2, 4, ...)     %s req/s, median %.0f\n", off, median(off)
    printf "on / off (medians)                %.3f (target >= 0.9)\n", median(on) / median(off)
  }'
if grep -q "disturbed=1" "$OUT/results.env"; then
  echo "DISTURBED   some runs above had other work on the machine: $(grep -c disturbed=1 "$OUT/results.env") attempt(s)"
fi
