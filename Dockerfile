# loan-model-api image: built from source with the Maven wrapper, run on a JRE as an unprivileged
# user. Works with a read-only root filesystem as long as /tmp and /data are writable volumes:
#   docker build -t loan-model-api:latest .
#   docker run --rm --read-only --tmpfs /tmp -v loan-model-data:/data -p 5000:5000 -p 8001:8001 loan-model-api:1.0.0
# Base images are pinned by version tag; pin them by digest too in your registry if you mirror them.

FROM eclipse-temurin:17.0.17_10-jdk-noble AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
# The cache mount (BuildKit) keeps the Maven download and dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package

FROM eclipse-temurin:17.0.17_10-jre-noble
# A numeric UID: Kubernetes can only verify runAsNonRoot for a number, not a name.
RUN groupadd --system --gid 10001 loanmodel \
    && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin loanmodel \
    && mkdir /data \
    && chown 10001:10001 /data
WORKDIR /app
COPY --from=build /build/target/loan-model-api.jar /app/loan-model-api.jar

# A class-data archive of everything the service loads to answer, made by one run that warms up
# (the rehearsal runs the whole request path) and serves a prediction, its feedback, a bad request
# and a scrape: starts then map those classes instead of parsing them (BENCHMARKS.md, "Startup" and
# "Cold start"). It must be made with the java, options and jar that ENTRYPOINT uses.
COPY deploy/cds-archive.sh /tmp/cds-archive.sh
RUN bash /tmp/cds-archive.sh /app/loan-model-api.jsa \
        java -XX:InitialRAMPercentage=50 -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Dorg.sqlite.tmpdir=/tmp -jar /app/loan-model-api.jar \
    && chmod 0444 /app/loan-model-api.jsa \
    && rm /tmp/cds-archive.sh

# The prediction log (SQLite) lives on the /data volume.
ENV PREDICTION_LOG=/data/predictions.db
EXPOSE 5000 8001
USER 10001:10001

# The JRE image has no curl; bash (Ubuntu base) can speak HTTP over /dev/tcp. Passes only on
# "200" from GET /health, the liveness endpoint (Kubernetes ignores this and uses its probes).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-5000} && printf 'GET /health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && IFS= read -r -t 4 status <&3 && [[ $status == 'HTTP/1.1 200 '* ]]"]

# Heap sized from the container's memory limit, and half of it committed from the start: the JVM
# would otherwise start near 1/64 of the limit, and a young generation that small collects so often
# that it costs several percent of throughput (BENCHMARKS.md). An OutOfMemoryError ends the process
# so that the orchestrator restarts it instead of leaving it half-alive. The JVM and sqlite-jdbc (which
# unpacks its native library) write only to /tmp. Extra JVM flags: JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/loan-model-api.jsa", "-XX:InitialRAMPercentage=50", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-Dorg.sqlite.tmpdir=/tmp", "-jar", "/app/loan-model-api.jar"]
CMD ["serve"]
