#!/usr/bin/env bash
# Readiness after start: time from spawning `java -jar target/loan-model-api.jar serve` until
# GET /health answers 200, STARTUP_RUNS times (default 7) after one discarded run, first with
# both cores, then pinned to one core (a pod with a 1-CPU limit), then both again with an AppCDS
# archive of the application's classes, made by deploy/cds-archive.sh as the image build does.
#
# Usage: bench/startup.sh
source "$(dirname "$0")/lib.sh"

RUNS=${STARTUP_RUNS:-7}
build_jar
wait_for_quiet
machine
echo "server      java $JVM_FLAGS -jar target/loan-model-api.jar serve"
: >"$OUT/startup.env"

# $1 labels the block; the rest is the command that starts java.
time_starts() {
  local label=$1
  shift
  echo
  echo "== $label =="
  cpu_snapshot $$ >"$OUT/cpu-before-$label.txt"
  "$PYTHON" "$ROOT/bench/startup.py" "$RUNS" "$@" | tee "$OUT/$label.txt"
  cpu_snapshot $$ >"$OUT/cpu-after-$label.txt"
  echo "CPU used meanwhile by other processes: $(stolen_seconds "$OUT/cpu-before-$label.txt" "$OUT/cpu-after-$label.txt") s"
  echo "$label.$(grep RESULT "$OUT/$label.txt" | cut -d' ' -f2)" >>"$OUT/startup.env"
}

# shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
time_starts startup-2cores java $JVM_FLAGS -jar "$JAR"
# shellcheck disable=SC2086
time_starts startup-1core taskset -c "$SERVER_CORE" java $JVM_FLAGS -jar "$JAR"

ARCHIVE="$OUT/app-cds.jsa"
# The same script the image build runs (Dockerfile), on free ports.
# shellcheck disable=SC2086
CDS_PORT=$(free_port) CDS_METRICS_PORT=$(free_port) "$ROOT/deploy/cds-archive.sh" "$ARCHIVE" java $JVM_FLAGS -jar "$JAR"
# shellcheck disable=SC2086
time_starts startup-2cores-cds java $JVM_FLAGS -XX:SharedArchiveFile="$ARCHIVE" -jar "$JAR"
# shellcheck disable=SC2086
time_starts startup-1core-cds taskset -c "$SERVER_CORE" java $JVM_FLAGS -XX:SharedArchiveFile="$ARCHIVE" -jar "$JAR"
