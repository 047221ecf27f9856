#!/usr/bin/env bash
# Cold start: how fast a freshly started server answers POST /predict in each of its first seconds
# after GET /ready first answers 200, against the warm speed of the same server, and how long it
# takes from spawn to ready on one core and on two.
#
# For each configuration: the server pinned to SERVER_CORE (taskset), /ready polled every 2 ms,
# then at once one wrk run (pinned to LOAD_CORE, -t1 -c$WRK_CONNECTIONS, the load of
# bench/wrk/predict.lua) of COLDSTART_SECONDS + 1 s whose script (bench/wrk/per-second.lua) counts
# the requests of every 1-second interval from the moment /ready answered; then WRK_WARMUP of the
# same load and a WRK_DURATION run: the warm figure. One continuous run rather than ten 1-second
# ones: wrk's start (connections, building the bodies) would otherwise leave gaps in which the
# server compiles without load, and each run's first requests would wait for new connections.
# Then READY_RUNS spawns to /ready on one core and on two (bench/coldstart.py).
#
# Usage: bench/coldstart.sh [CONFIG...]   (default: no-warm-up default image)
#   no-warm-up        java -jar target/loan-model-api.jar serve, with WARM_UP=off (as before the warm-up)
#   default           java -jar target/loan-model-api.jar serve (the README's command)
#   image             the image's java command line (Dockerfile ENTRYPOINT) with its AppCDS archive made
#                     as the image build makes it (deploy/cds-archive.sh), and -XX:MaxRAM=$IMAGE_MEMORY
#                     standing in for the container's memory limit (the Deployment's 512Mi)
#   image-no-warm-up  the same with WARM_UP=off
#   jdk25, jdk25-aot  the image's flags on the Temurin 25 JDK ($JDK25), without and with its AOT cache
#                     (-XX:AOTCacheOutput= in a run like the archive's, then -XX:AOTCache=)
#   jdk25-aot-no-warm-up  jdk25-aot with WARM_UP=off: the cache's training profiles instead of a warm-up
# Settings (besides bench/lib.sh's): COLDSTART_SECONDS (10), READY_RUNS (5), IMAGE_MEMORY (512m),
#   JDK25 (/usr/lib/jvm/temurin-25-jdk-amd64)
source "$(dirname "$0")/lib.sh"

SECONDS_AFTER=${COLDSTART_SECONDS:-10}
READY_RUNS=${READY_RUNS:-5}
IMAGE_MEMORY=${IMAGE_MEMORY:-512m}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
CONFIGS=("$@")
((${#CONFIGS[@]})) || CONFIGS=(no-warm-up default image)

# The ENTRYPOINT's JVM options, without the archive (added per configuration), from the Dockerfile itself.
mapfile -t IMAGE_FLAGS < <("$PYTHON" - "$ROOT/Dockerfile" <<'EOF'
import json, re, sys
entry = json.loads(re.search(r'^ENTRYPOINT (\[.*\])$', open(sys.argv[1]).read(), re.M).group(1))
flags = entry[1:entry.index("-jar")]
print("\n".join(f for f in flags if not f.startswith("-XX:SharedArchiveFile=")))
EOF
)
IMAGE_FLAGS+=("-XX:MaxRAM=$IMAGE_MEMORY")

build_jar
wait_for_quiet
machine
echo "load        taskset -c $LOAD_CORE wrk -t1 -c$WRK_CONNECTIONS -s bench/wrk/per-second.lua, from the first 200 of /ready"
echo "image flags ${IMAGE_FLAGS[*]}"
RESULTS="$OUT/coldstart.env"
: >"$RESULTS"

# The latest value of key $1 in this run's results, or empty.
result_of() {
  grep "^$1=" "$RESULTS" | tail -1 | cut -d= -f2 || true
}

# Makes the image's archive (or the JDK 25 AOT cache) once: $1 the file, $2 the option naming it,
# the rest the java command without it.
make_archive() {
  local file=$1 option=$2
  shift 2
  if [[ ! -s $file ]]; then
    CDS_ARCHIVE_OPTION=$option CDS_PORT=$(free_port) CDS_METRICS_PORT=$(free_port) \
      "$ROOT/deploy/cds-archive.sh" "$file" "$@" >/dev/null
  fi
}

# Sets JAVA_COMMAND and WARM_UP for configuration $1.
configure() {
  WARM_UP=on
  case $1 in
    no-warm-up) JAVA_COMMAND=(java -jar "$JAR") WARM_UP=off ;;
    default) JAVA_COMMAND=(java -jar "$JAR") ;;
    image | image-no-warm-up)
      make_archive "$OUT/image.jsa" -XX:ArchiveClassesAtExit= java "${IMAGE_FLAGS[@]}" -jar "$JAR"
      JAVA_COMMAND=(java -XX:SharedArchiveFile="$OUT/image.jsa" "${IMAGE_FLAGS[@]}" -jar "$JAR")
      [[ $1 == image ]] || WARM_UP=off
      ;;
    jdk25) JAVA_COMMAND=("$JDK25/bin/java" "${IMAGE_FLAGS[@]}" -jar "$JAR") ;;
    jdk25-aot | jdk25-aot-no-warm-up)
      make_archive "$OUT/jdk25.aot" -XX:AOTCacheOutput= "$JDK25/bin/java" "${IMAGE_FLAGS[@]}" -jar "$JAR"
      JAVA_COMMAND=("$JDK25/bin/java" -XX:AOTCache="$OUT/jdk25.aot" "${IMAGE_FLAGS[@]}" -jar "$JAR")
      [[ $1 == jdk25-aot ]] || WARM_UP=off
      ;;
    *)
      echo "error: unknown configuration $1" >&2
      exit 2
      ;;
  esac
}

for config in "${CONFIGS[@]}"; do
  configure "$config"
  echo
  echo "== $config: WARM_UP=$WARM_UP ${JAVA_COMMAND[*]} serve =="
  for ((attempt = 1; attempt <= ${BENCH_TRIES:-3}; attempt++)); do
    status=0
    WARM_UP=$WARM_UP taskset -c "$LOAD_CORE" "$PYTHON" "$ROOT/bench/coldstart.py" curve "$config" "$SECONDS_AFTER" -- \
      taskset -c "$SERVER_CORE" "${JAVA_COMMAND[@]}" | tee "$OUT/coldstart-$config.txt" || status=$?
    grep RESULT "$OUT/coldstart-$config.txt" | cut -d' ' -f2- | tr ' ' '\n' >>"$RESULTS" || true
    ((status == 10)) || break
    echo "$config.disturbed=1" >>"$RESULTS"
    if ((attempt < ${BENCH_TRIES:-3})); then
      wait_for_quiet
      echo "retrying $config (attempt $((attempt + 1)))"
    fi
  done
  ((status == 0 || status == 10)) || exit "$status"
  wait_for_quiet
  echo "-- spawn to /ready, pinned to 1 core --"
  WARM_UP=$WARM_UP taskset -c "$LOAD_CORE" "$PYTHON" "$ROOT/bench/coldstart.py" ready "$config-1core" "$READY_RUNS" -- \
    taskset -c "$SERVER_CORE" "${JAVA_COMMAND[@]}" | tee -a "$OUT/coldstart-$config.txt"
  echo "-- spawn to /ready, 2 cores --"
  WARM_UP=$WARM_UP "$PYTHON" "$ROOT/bench/coldstart.py" ready "$config-2cores" "$READY_RUNS" -- "${JAVA_COMMAND[@]}" |
    tee -a "$OUT/coldstart-$config.txt"
  grep -h RESULT "$OUT/coldstart-$config.txt" | tail -2 | cut -d' ' -f2- | tr ' ' '\n' >>"$RESULTS"
done

echo
echo "== summary (per-second % of warm, seconds 0-1 ... after /ready) =="
for config in "${CONFIGS[@]}"; do
  printf "%-17s warm %6s req/s  first 5 s %5s%%  ready 1 core %6s ms, 2 cores %6s ms  per second: %s%s\n" "$config" \
    "$(result_of "$config.warm_rps")" "$(result_of "$config.first5_pct")" \
    "$(result_of "$config-1core.ready_median_ms")" "$(result_of "$config-2cores.ready_median_ms")" \
    "$(result_of "$config.ratios")" "$(grep -q "^$config.disturbed=1" "$RESULTS" && echo "  (some attempts DISTURBED)")"
done
