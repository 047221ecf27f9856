#!/usr/bin/env bash
# Builds an AppCDS archive of the classes the service loads to answer, so that later starts map
# them instead of parsing them again (ready in 0.73 s instead of 1.27 s on two cores, 1.34 s
# instead of 2.14 s on one; BENCHMARKS.md). The Dockerfile runs it at image build time.
#
# Usage: deploy/cds-archive.sh ARCHIVE JAVA [JVM options] (-jar JAR | -cp CLASSPATH MAIN)
#   e.g. deploy/cds-archive.sh /app/loan-model-api.jsa java -jar /app/loan-model-api.jar
# Starts `serve` on loopback with -XX:ArchiveClassesAtExit=ARCHIVE added to the JVM options, waits
# until /ready answers 200 (after the warm-up, which runs the whole request path), sends a
# prediction, its feedback, a bad request and a scrape, stops it with SIGTERM, and checks that the
# archive was written. Start the service with the same JAVA, JVM options and jar, plus
# -XX:SharedArchiveFile=ARCHIVE. Needs only bash (no curl): the JRE image has none.
#   CDS_PORT (5000), CDS_METRICS_PORT (8001)   the ports of that one run
#   CDS_ARCHIVE_OPTION (-XX:ArchiveClassesAtExit=)  the option that names the archive to write, e.g.
#                                                   -XX:AOTCacheOutput= for a JDK 25 AOT cache
set -euo pipefail

if (($# < 3)); then
  echo "usage: $0 ARCHIVE JAVA [JVM options] (-jar JAR | -cp CLASSPATH MAIN)" >&2
  exit 2
fi
archive=$1
java=$2
shift 2
port=${CDS_PORT:-5000}
metrics_port=${CDS_METRICS_PORT:-8001}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$archive"

"$java" "${CDS_ARCHIVE_OPTION:--XX:ArchiveClassesAtExit=}$archive" "$@" serve --host 127.0.0.1 --port "$port" \
  --metrics-port "$metrics_port" --prediction-log "$work/predictions.db" >"$work/serve.log" 2>&1 &
pid=$!

# One HTTP/1.1 request over bash's /dev/tcp; prints the response. The whole exchange runs under
# timeout(1): a connect to a port whose backlog is full (something else holds it and never
# accepts) would otherwise wait forever, and a silent peer is given up after 2 s.
http() {
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" \
      "$2" "$3" "${#4}" "$4" >&3
    while IFS= read -r -t 2 line || [[ -n $line ]]; do
      printf "%s\n" "$line"
      line=
    done <&3
  ' http "$1" "$2" "$3" "${4:-}"
}

# Whether the first line of the response to a request carries status $1.
answers() {
  local status=$1
  shift
  http "$@" >"$work/response" 2>/dev/null || true
  [[ $(head -1 "$work/response") == *" $status "* ]]
}

fail() {
  echo "error: $1; the service said:" >&2
  cat "$work/serve.log" >&2
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$archive"
  exit 1
}

ready=
for _ in $(seq 1200); do
  kill -0 "$pid" 2>/dev/null || fail "the service exited before it answered"
  if answers 200 "$port" GET /ready; then
    ready=yes
    break
  fi
  sleep 0.1
done
[[ -n $ready ]] || fail "GET /ready did not answer 200 within 120 s"
answer=$(http "$port" POST /predict \
  '{"age":35,"income":75000,"loan_amount":25000,"loan_term":36,"credit_score":720,"employment_status":1,"loan_purpose":1}')
id=$(sed -n 's/.*"prediction_id":"\([^"]*\)".*/\1/p' <<<"$answer")
[[ -n $id ]] || fail "POST /predict gave no prediction_id: $answer"
answers 200 "$port" POST /feedback "{\"prediction_id\":\"$id\",\"actual_outcome\":1}" ||
  fail "POST /feedback did not answer 200"
answers 400 "$port" POST /predict '{"age":5}' || fail "a bad request did not answer 400"
answers 200 "$metrics_port" GET /metrics || fail "GET /metrics did not answer 200"

kill -TERM "$pid"
wait "$pid" || true
[[ -s $archive ]] || fail "no archive was written to $archive"
echo "AppCDS archive $archive: $(($(stat -c %s "$archive") / 1048576)) MB"
