#!/usr/bin/env bash
# Runs the bench command from a checkout: builds tools/bench and what it needs (no install), then runs
#   tools/bench/bench.sh job|bare|e2e [options]      (--help for all options)
# JVM options: BENCH_JAVA_OPTS (default -Xmx8g).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# always with -am: the classpath must point at this checkout's modules, never at SNAPSHOTs in ~/.m2
if [ -z "${BENCH_NO_BUILD:-}" ] || [ ! -f tools/bench/target/classpath.txt ]; then
  mvn -q -B -pl tools/bench -am package -DskipTests >&2
fi
exec java ${BENCH_JAVA_OPTS:--Xmx8g} \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  -Ddcmon.home="$root" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "tools/bench/target/classes:$(cat tools/bench/target/classpath.txt)" dcmon.bench.BenchCommand "$@"
