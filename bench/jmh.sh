#!/usr/bin/env bash
# JMH microbenchmarks (src/jmh/java): forest inference per row, JSON decode and validation, metric
# recording per request, /metrics text serialization. Built with the Maven profile -Pbench into
# target/jmh-classes; run pinned to SERVER_CORE in one fork.
#
# Usage: bench/jmh.sh [JMH options, e.g. ForestBenchmark -prof gc]
source "$(dirname "$0")/lib.sh"

JMH_OPTIONS=${JMH_OPTIONS:--f 1 -wi 3 -w 2s -i 5 -r 2s}
(cd "$ROOT" && ./mvnw -q -B -Pbench -DskipTests -Dspotless.check.skip=true test-compile)
wait_for_quiet
machine
echo "jmh         taskset -c $SERVER_CORE java -cp target/jmh-classes:... org.openjdk.jmh.Main $JMH_OPTIONS $*"
echo
# shellcheck disable=SC2086 # JMH_OPTIONS is a list of options
taskset -c "$SERVER_CORE" java -cp "$ROOT/target/jmh-classes:$ROOT/target/classes:$(cat "$ROOT/target/jmh-classpath.txt")" \
  org.openjdk.jmh.Main $JMH_OPTIONS -rf text -rff "$OUT/jmh.txt" "$@" 2>&1 | grep -v "^NOTE\|^extra caution\|^works, and\|^different JVMs\|^modes can be"
echo
echo "targets: ForestBenchmark.probabilityPerRow <= 2000 ns/op"
