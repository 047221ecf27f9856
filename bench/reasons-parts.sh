#!/usr/bin/env bash
# Where the cost of inline reasons goes: computing them, writing them into the answer, keeping them
# in the prediction log. Five servers of one build, all warm at once on SERVER_CORE:
#
#   on          --reasons true
#   off         --reasons false
#   unanswered  --reasons true, the reasons computed and logged but not written into the answer
#   unlogged    --reasons true, computed and answered, the log given the decision without them
#   neither     --reasons true, computed only
#
# The last three need switches that the service does not have: bench/patches/reasons-parts.patch
# adds them (read once at start, so the JIT folds them away) to a scratch copy of the source in
# target/bench, which is built there; the service's own build is not touched. Then wrk (on
# LOAD_CORE) loads one server at a time in WRK_SLICE slices, PARTS_ROUNDS rounds over all five, the
# order rotating from round to round; each slice also reads the server's CPU time. A round during
# which other processes took more than BENCH_MAX_STOLEN / 4 s of CPU is measured again, at most
# BENCH_TRIES times.
#
# Printed per server: requests summed over the rounds, the ratio to off, server CPU per request;
# then the parts, in CPU microseconds per request: computing (neither - off), answering (on -
# unanswered, and unlogged - neither), logging (on - unlogged, and unanswered - neither).
#
# Usage: bench/reasons-parts.sh      PARTS_ROUNDS (6), WRK_SLICE (5s); see bench/lib.sh
source "$(dirname "$0")/lib.sh"

PARTS_ROUNDS=${PARTS_ROUNDS:-6}
WRK_SLICE=${WRK_SLICE:-5s}
SRC=$OUT/reasons-parts-src
NAMES=(on off unanswered unlogged neither)
declare -A REASONS=([on]=true [off]=false [unanswered]=true [unlogged]=true [neither]=true)
declare -A SWITCHES=(
  [on]="" [off]=""
  [unanswered]="-Dbench.reasons.unanswered=true"
  [unlogged]="-Dbench.reasons.unlogged=true"
  [neither]="-Dbench.reasons.unanswered=true -Dbench.reasons.unlogged=true")

rm -rf "$SRC"
mkdir -p "$SRC"
cp -r "$ROOT/pom.xml" "$ROOT/mvnw" "$ROOT/.mvn" "$ROOT/src" "$SRC/"
(cd "$SRC" && git apply "$ROOT/bench/patches/reasons-parts.patch") || {
  echo "error: bench/patches/reasons-parts.patch no longer applies to the source; update it" >&2
  exit 1
}
(cd "$SRC" && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package)
JAR=$SRC/target/loan-model-api.jar

wait_for_quiet
machine
echo "servers     taskset -c $SERVER_CORE java $JVM_FLAGS [switch] -jar target/bench/reasons-parts-src/target/loan-model-api.jar serve --reasons ..., five at once"
echo "load        taskset -c $LOAD_CORE wrk -t1 -c$WRK_CONNECTIONS, $PARTS_ROUNDS rounds of $WRK_SLICE slices over the five (after a $WRK_WARMUP warm-up of each)"

declare -A PID PORT
stop_all() {
  for name in "${NAMES[@]}"; do
    SERVER_PID=${PID[$name]:-} stop_server
  done
}
trap stop_all EXIT

BASE_FLAGS=$JVM_FLAGS
for name in "${NAMES[@]}"; do
  JVM_FLAGS="$BASE_FLAGS ${SWITCHES[$name]}" start_java_server --reasons "${REASONS[$name]}"
  PID[$name]=$SERVER_PID
  PORT[$name]=$API_PORT
done
JVM_FLAGS=$BASE_FLAGS
SERVER_PID=

echo
echo "== warm-up, $WRK_WARMUP each =="
for name in "${NAMES[@]}"; do
  run_wrk "warmup-$name" "http://127.0.0.1:${PORT[$name]}/predict" -d"$WRK_WARMUP" -s "$ROOT/bench/wrk/predict.lua" >/dev/null
done

: >"$OUT/parts.env"
echo
echo "== POST /predict, requests per $WRK_SLICE slice =="
printf "%-6s" round
printf " %11s" "${NAMES[@]}"
echo
for round in $(seq 1 "$PARTS_ROUNDS"); do
  for attempt in $(seq 1 "${BENCH_TRIES:-3}"); do
    cpu_snapshot "${PID[@]}" $$ >"$OUT/cpu-before-round.txt"
    declare -A GOT=() TICKS=()
    for k in 0 1 2 3 4; do
      name=${NAMES[$(((round + k) % 5))]}
      read -r GOT[$name] TICKS[$name] <<<"$(predict_slice_cpu "${PORT[$name]}" "${PID[$name]}")"
    done
    cpu_snapshot "${PID[@]}" $$ >"$OUT/cpu-after-round.txt"
    if slice_undisturbed "$OUT/cpu-before-round.txt" "$OUT/cpu-after-round.txt" round "$round" "$OUT/parts.env"; then
      break
    fi
  done
  printf "%-6s" "$round"
  for name in "${NAMES[@]}"; do
    printf " %11d" "${GOT[$name]}"
    echo "$name.requests=${GOT[$name]}" >>"$OUT/parts.env"
    echo "$name.ticks=${TICKS[$name]}" >>"$OUT/parts.env"
  done
  echo
done
stop_all

echo
echo "== summary =="
awk -F'[.=]' -v hz="$CLK_TCK" '
  $2 == "requests" {req[$1] += $3} $2 == "ticks" {ticks[$1] += $3}
  END {
    n = split("on off unanswered unlogged neither", names, " ")
    for (i = 1; i <= n; i++) {
      s = names[i]; us[s] = ticks[s] * 1e6 / hz / req[s]
      printf "%-11s %10d requests, %.3f of off, %6.2f µs of server CPU per request\n", s, req[s], req[s] / req["off"], us[s]
    }
    printf "computing   %5.2f µs (neither - off)\n", us["neither"] - us["off"]
    printf "answering   %5.2f µs (on - unanswered), %5.2f µs (unlogged - neither)\n", us["on"] - us["unanswered"], us["unlogged"] - us["neither"]
    printf "logging     %5.2f µs (on - unlogged), %5.2f µs (unanswered - neither)\n", us["on"] - us["unlogged"], us["unanswered"] - us["neither"]
    printf "all         %5.2f µs (on - off); 0.9 of off allows %.2f\n", us["on"] - us["off"], us["off"] / 0.9 - us["off"]
  }' "$OUT/parts.env"
if grep -q "disturbed=1" "$OUT/parts.env"; then
  echo "DISTURBED   $(grep -c disturbed=1 "$OUT/parts.env") round(s) above were measured again"
fi
