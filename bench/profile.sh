#!/usr/bin/env bash
# Profiles the Java server under the /predict load of bench/http.sh with Java Flight Recorder and
# prints where the CPU goes (bench/jfr_top.py). The recording stays in target/bench/predict.jfr for
# `jfr summary` or JDK Mission Control.
#
# Usage: bench/profile.sh [extra serve options, e.g. --commit sync]
#   JFR_ROWS (30) rows per table; JFR_FILTER (org/loanmodel) adds an inclusive table of frames
#   containing that text
source "$(dirname "$0")/lib.sh"

build_jar
wait_for_quiet
machine
RECORDING="$OUT/predict.jfr"
rm -f "$RECORDING"
# Recording from the start: starting it later (jcmd JFR.start) instruments socket and file classes
# under load, which threw away compiled code and left C2 busy for the whole run. Only the samples
# of the measured window are summarised.
JVM_FLAGS="$JVM_FLAGS -XX:StartFlightRecording=settings=profile,filename=$RECORDING,dumponexit=true"
trap stop_server EXIT
start_java_server "$@"
run_wrk warmup-profile "http://127.0.0.1:$API_PORT/predict" -d"$WRK_WARMUP" -s "$ROOT/bench/wrk/predict.lua" >/dev/null
from=$(date -u +%Y-%m-%dT%H:%M:%S)
measure profile "$SERVER_PID" "http://127.0.0.1:$API_PORT/predict" -s "$ROOT/bench/wrk/predict.lua" || true
to=$(date -u +%Y-%m-%dT%H:%M:%S)
stop_server
echo
"$PYTHON" "$ROOT/bench/jfr_top.py" "$RECORDING" "${JFR_ROWS:-30}" "$from" "$to"
