#!/usr/bin/env bash
# What inline adverse-action reasons cost: POST /predict (bench/wrk/predict.lua, about 69 % of its
# applicants denied, so most answers carry reasons) on a server with --reasons true against the
# same server command with --reasons false.
#
# Both servers run at once, pinned to the same SERVER_CORE, each warmed for WRK_WARMUP; then wrk
# (on LOAD_CORE) loads one at a time in short slices, REASONS_PAIRS pairs of WRK_SLICE each, the
# order within a pair alternating (on off, off on, ...). The idle server sleeps meanwhile. A shared
# machine drifts by 10-25 % from one minute to the next and one JVM from the next by as much; slices
# a few seconds apart see the same machine, so the ratio of the requests summed over all slices
# measures the reasons, not the drift. A pair during which other processes took more than
# BENCH_MAX_STOLEN / 4 s of CPU is measured again, at most BENCH_TRIES times. Each slice also
# reads the server's CPU time (/proc/PID/stat): CPU per request without reasons over CPU per
# request with them is the same ratio a second way, and the two agree only while each server had
# its core to itself (a server waiting for anything but the CPU would show it as a gap).
#
# Usage: bench/reasons.sh            (see bench/lib.sh for the settings it reads)
#   REASONS_PAIRS (10), WRK_SLICE (5s)
source "$(dirname "$0")/lib.sh"

REASONS_PAIRS=${REASONS_PAIRS:-10}
WRK_SLICE=${WRK_SLICE:-5s}

build_jar
wait_for_quiet
machine
echo "servers     taskset -c $SERVER_CORE java $JVM_FLAGS -jar target/loan-model-api.jar serve --reasons true, and --reasons false"
echo "load        taskset -c $LOAD_CORE wrk -t1 -c$WRK_CONNECTIONS, $REASONS_PAIRS pairs of $WRK_SLICE slices (after a $WRK_WARMUP warm-up of each)"
: >"$OUT/results.env"

ON_PID=
OFF_PID=
stop_both() {
  SERVER_PID=$ON_PID stop_server
  SERVER_PID=$OFF_PID stop_server
}
trap stop_both EXIT

start_java_server --reasons true
ON_PID=$SERVER_PID ON_PORT=$API_PORT
start_java_server --reasons false
OFF_PID=$SERVER_PID OFF_PORT=$API_PORT
SERVER_PID=

echo
echo "== warm-up, $WRK_WARMUP each =="
run_wrk warmup-on "http://127.0.0.1:$ON_PORT/predict" -d"$WRK_WARMUP" -s "$ROOT/bench/wrk/predict.lua" >/dev/null
run_wrk warmup-off "http://127.0.0.1:$OFF_PORT/predict" -d"$WRK_WARMUP" -s "$ROOT/bench/wrk/predict.lua" >/dev/null

echo
echo "== POST /predict, requests per $WRK_SLICE slice =="
printf "%-6s %10s %10s %7s %9s %9s %7s\n" pair on off on/off "µs on" "µs off" off/on
for pair in $(seq 1 "$REASONS_PAIRS"); do
  for attempt in $(seq 1 "${BENCH_TRIES:-3}"); do
    cpu_snapshot "$ON_PID" "$OFF_PID" $$ >"$OUT/cpu-before-pair.txt"
    if ((pair % 2)); then
      slice=$(predict_slice_cpu "$ON_PORT" "$ON_PID")
      read -r on on_ticks <<<"$slice"
      slice=$(predict_slice_cpu "$OFF_PORT" "$OFF_PID")
      read -r off off_ticks <<<"$slice"
    else
      slice=$(predict_slice_cpu "$OFF_PORT" "$OFF_PID")
      read -r off off_ticks <<<"$slice"
      slice=$(predict_slice_cpu "$ON_PORT" "$ON_PID")
      read -r on on_ticks <<<"$slice"
    fi
    cpu_snapshot "$ON_PID" "$OFF_PID" $$ >"$OUT/cpu-after-pair.txt"
    if slice_undisturbed "$OUT/cpu-before-pair.txt" "$OUT/cpu-after-pair.txt" pair "$pair" "$OUT/results.env"; then
      break
    fi
  done
  awk -v a="$on" -v b="$off" -v ta="$on_ticks" -v tb="$off_ticks" -v hz="$CLK_TCK" -v p="$pair" 'BEGIN {
    ua = ta * 1e6 / hz / a; ub = tb * 1e6 / hz / b
    printf "%-6s %10d %10d %7.3f %9.2f %9.2f %7.3f\n", p, a, b, a / b, ua, ub, ub / ua }'
  echo "pair-$pair.on=$on" >>"$OUT/results.env"
  echo "pair-$pair.off=$off" >>"$OUT/results.env"
  echo "pair-$pair.on_ticks=$on_ticks" >>"$OUT/results.env"
  echo "pair-$pair.off_ticks=$off_ticks" >>"$OUT/results.env"
done
stop_both
cp "$OUT/results.env" "$OUT/reasons.env"

echo
echo "== summary =="
awk -F= -v hz="$CLK_TCK" '
  /\.on=/ {on += $2; ratios[++n] = $2} /\.off=/ {off += $2; ratios[n] = ratios[n] / $2}
  /\.on_ticks=/ {on_ticks += $2} /\.off_ticks=/ {off_ticks += $2}
  END {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (ratios[j] < ratios[i]) { t = ratios[i]; ratios[i] = ratios[j]; ratios[j] = t }
    printf "requests     on %d, off %d over %d pairs\n", on, off, n
    printf "pair ratios  median %.3f, lowest %.3f, highest %.3f\n", n % 2 ? ratios[(n + 1) / 2] : (ratios[n / 2] + ratios[n / 2 + 1]) / 2, ratios[1], ratios[n]
    printf "on / off     %.3f (target >= 0.9)\n", on / off
    printf "server CPU   %.2f µs per request on, %.2f off: off / on %.3f (agrees with on / off while the servers were CPU-bound)\n", on_ticks * 1e6 / hz / on, off_ticks * 1e6 / hz / off, (off_ticks / off) / (on_ticks / on)
  }' "$OUT/reasons.env"
if grep -q "disturbed=1" "$OUT/reasons.env"; then
  echo "DISTURBED   $(grep -c disturbed=1 "$OUT/reasons.env") pair(s) above were measured again"
fi
