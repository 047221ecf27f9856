#!/usr/bin/env bash
# Every benchmark in turn: JMH, the Python seed, the Java service over HTTP, startup. Each waits
# for a quiet machine first. Output goes to the terminal and to target/bench/all.txt.
#
# Usage: bench/all.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/../target/bench"
(cd "$here/.." && ./mvnw -q -B -DskipTests -Dspotless.check.skip=true package)
export BENCH_BUILD=0
{
  "$here/jmh.sh"
  echo
  "$here/seed.sh"
  echo
  "$here/http.sh"
  echo
  "$here/startup.sh"
} 2>&1 | tee "$here/../target/bench/all.txt"
