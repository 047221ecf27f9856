#!/usr/bin/env bash
# Profiles the Java server under the /predict load of bench/http.sh (or the batch load of
# bench/batch.sh) with Java Flight Recorder and prints where the CPU goes (bench/jfr_top.py). The
# recording stays in target/bench/predict.jfr (batch.jfr) for `jfr summary` or JDK Mission Control.
#
# Usage: bench/profile.sh [extra serve options, e.g. --commit sync]
#   JFR_ROWS (30) rows per table; JFR_FILTER (org/loanmodel) adds an inclusive table of frames
#   containing that text
#   PROFILE_LOAD (predict): predict, or batch for the Open Inference Protocol load of bench/batch.sh
#   (256-row tensors, BATCH_ROWS; 8 connections unless WRK_CONNECTIONS is set)
PROFILE_LOAD=${PROFILE_LOAD:-predict}
if [[ $PROFILE_LOAD == batch ]]; then
  WRK_CONNECTIONS=${WRK_CONNECTIONS:-8}
fi
source "$(dirname "$0")/lib.sh"
case $PROFILE_LOAD in
  predict) PROFILE_PATH=/predict ;;
  batch) PROFILE_PATH=/v2/models/loan-model/infer ;;
  *) echo "error: PROFILE_LOAD must be predict or batch, got '$PROFILE_LOAD'" >&2 && exit 2 ;;
esac
export BATCH_ROWS=${BATCH_ROWS:-256}

build_jar
wait_for_quiet
machine
RECORDING="$OUT/$PROFILE_LOAD.jfr"
rm -f "$RECORDING"
# Recording from the start: starting it later (jcmd JFR.start) instruments socket and file classes
# under load, which threw away compiled code and left C2 busy for the whole run. Only the samples
# of the measured window are summarised.
# DebugNonSafepoints: without it a sample in compiled code is charged to the nearest safepoint's
# frame, which puts time in the wrong inlined method (an attach-time async-profiler run charged
# 0.5 µs per request to ImmutableCollections.List12.get that, with the flag, was not there).
JVM_FLAGS="$JVM_FLAGS -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"
JVM_FLAGS="$JVM_FLAGS -XX:StartFlightRecording=settings=profile,filename=$RECORDING,dumponexit=true"
trap stop_server EXIT
start_java_server "$@"
run_wrk warmup-profile "http://127.0.0.1:$API_PORT$PROFILE_PATH" -d"$WRK_WARMUP" -s "$ROOT/bench/wrk/$PROFILE_LOAD.lua" >/dev/null
from=$(date -u +%Y-%m-%dT%H:%M:%S)
measure profile "$SERVER_PID" "http://127.0.0.1:$API_PORT$PROFILE_PATH" -s "$ROOT/bench/wrk/$PROFILE_LOAD.lua" || true
to=$(date -u +%Y-%m-%dT%H:%M:%S)
stop_server
echo
"$PYTHON" "$ROOT/bench/jfr_top.py" "$RECORDING" "${JFR_ROWS:-30}" "$from" "$to"
