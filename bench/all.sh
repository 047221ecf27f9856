#!/usr/bin/env bash
# Every benchmark in turn: JMH, the Python seed, the Java service over HTTP, reasons on against
# off, inference batches, startup, the first seconds after ready, retention sweeps of a large log,
# and replicas sharing PostgreSQL (when its server binaries are installed). Each waits for a quiet machine first. Output goes to
# the terminal and to target/bench/all.txt.
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
  "$here/reasons.sh"
  echo
  "$here/batch.sh"
  echo
  "$here/startup.sh"
  echo
  "$here/coldstart.sh"
  echo
  "$here/retention.sh"
  echo
  if ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    "$here/postgres.sh"
  else
    echo "postgres.sh skipped: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)"
  fi
} 2>&1 | tee "$here/../target/bench/all.txt"
