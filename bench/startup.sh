#!/usr/bin/env bash
# Readiness after start: time from spawning `java -jar target/loan-model-api.jar serve` until
# GET /health answers 200, STARTUP_RUNS times (default 7) after one discarded run, first with
# both cores, then pinned to one core (a pod with a 1-CPU limit).
#
# Usage: bench/startup.sh
source "$(dirname "$0")/lib.sh"

RUNS=${STARTUP_RUNS:-7}
build_jar
wait_for_quiet
machine
echo "server      java $JVM_FLAGS -jar target/loan-model-api.jar serve"
: >"$OUT/startup.env"

echo
echo "== both cores =="
# shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
"$PYTHON" "$ROOT/bench/startup.py" "$RUNS" java $JVM_FLAGS -jar "$JAR" | tee "$OUT/startup-2cores.txt"
echo "startup-2cores.$(grep RESULT "$OUT/startup-2cores.txt" | cut -d' ' -f2)" >>"$OUT/startup.env"

echo
echo "== pinned to core $SERVER_CORE =="
# shellcheck disable=SC2086
"$PYTHON" "$ROOT/bench/startup.py" "$RUNS" taskset -c "$SERVER_CORE" java $JVM_FLAGS -jar "$JAR" \
  | tee "$OUT/startup-1core.txt"
echo "startup-1core.$(grep RESULT "$OUT/startup-1core.txt" | cut -d' ' -f2)" >>"$OUT/startup.env"
