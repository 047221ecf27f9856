#!/usr/bin/env bash
# Two builds side by side: POST /predict (bench/wrk/predict.lua) on a server from JAR_A and one
# from JAR_B, both running at once pinned to SERVER_CORE, each warmed for WRK_WARMUP, then loaded
# in turn in AB_PAIRS pairs of WRK_SLICE slices, the order within a pair alternating, as
# bench/reasons.sh does for one build with reasons on and off. Prints each pair and the ratio of
# the requests summed over all pairs (B / A).
#
# Usage: JAR_A=/tmp/before.jar JAR_B=target/loan-model-api.jar bench/ab.sh
#   AB_PAIRS (8), WRK_SLICE (5s); FLAGS_A, FLAGS_B: JVM flags added to JVM_FLAGS for one server
#   only, to compare two settings of one build (JAR_A=JAR_B); see bench/lib.sh for the rest
source "$(dirname "$0")/lib.sh"

: "${JAR_A:?set JAR_A to the first build's jar}"
: "${JAR_B:?set JAR_B to the second build's jar}"
AB_PAIRS=${AB_PAIRS:-8}
WRK_SLICE=${WRK_SLICE:-5s}

wait_for_quiet
machine
echo "servers     taskset -c $SERVER_CORE java $JVM_FLAGS -jar serve: (A) ${FLAGS_A:-} $JAR_A, (B) ${FLAGS_B:-} $JAR_B"
echo "load        taskset -c $LOAD_CORE wrk -t1 -c$WRK_CONNECTIONS, $AB_PAIRS pairs of $WRK_SLICE slices (after a $WRK_WARMUP warm-up of each)"

A_PID=
B_PID=
stop_both() {
  SERVER_PID=$A_PID stop_server
  SERVER_PID=$B_PID stop_server
}
trap stop_both EXIT

JAR=$JAR_A JVM_FLAGS="$JVM_FLAGS ${FLAGS_A:-}" start_java_server
A_PID=$SERVER_PID A_PORT=$API_PORT
JAR=$JAR_B JVM_FLAGS="$JVM_FLAGS ${FLAGS_B:-}" start_java_server
B_PID=$SERVER_PID B_PORT=$API_PORT
SERVER_PID=

run_wrk warmup-a "http://127.0.0.1:$A_PORT/predict" -d"$WRK_WARMUP" -s "$ROOT/bench/wrk/predict.lua" >/dev/null
run_wrk warmup-b "http://127.0.0.1:$B_PORT/predict" -d"$WRK_WARMUP" -s "$ROOT/bench/wrk/predict.lua" >/dev/null

printf "%-6s %10s %10s %7s\n" pair A B B/A
sum_a=0
sum_b=0
for pair in $(seq 1 "$AB_PAIRS"); do
  if ((pair % 2)); then
    a=$(predict_slice "$A_PORT") || exit 1
    b=$(predict_slice "$B_PORT") || exit 1
  else
    b=$(predict_slice "$B_PORT") || exit 1
    a=$(predict_slice "$A_PORT") || exit 1
  fi
  sum_a=$((sum_a + a))
  sum_b=$((sum_b + b))
  printf "%-6s %10d %10d %7.3f\n" "$pair" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {print b / a}')"
done
printf "B/A over all pairs: %.3f (%d / %d requests)\n" "$(awk -v a="$sum_a" -v b="$sum_b" 'BEGIN {print b / a}')" "$sum_b" "$sum_a"
