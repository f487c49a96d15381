#!/usr/bin/env bash
# Profiles Granary with JDK Flight Recorder under GET 4 KiB and PUT 4 KiB (granary bench, 16 connections) and prints
# the hottest methods, the heaviest allocation sites and the hottest stacks of each. One recording per workload.
#
#   bench/profile.sh                     # writes bench/results/profile-<UTC time>/{get4k,put4k}.jfr and *.txt
#   DURATION=20s bench/profile.sh
#
# Environment: DURATION (default 15s), PORT (default 19020, within 19000-19100), OUT, GRANARY_JAR, BENCH_JAR.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
. "$here/scripts/lib/java.sh"
JAVA_HOME=$(find_java25) || exit 1
JAVA="$JAVA_HOME/bin/java"
DURATION=${DURATION:-15s}
PORT=${PORT:-19020}
OUT=${OUT:-$here/bench/results/profile-$(date -u +%Y%m%dT%H%M%SZ)}
GRANARY_JAR=${GRANARY_JAR:-$here/granary-server/target/granary.jar}
BENCH_JAR=${BENCH_JAR:-$here/granary-bench/target/granary-bench.jar}
if [ "$PORT" -lt 19000 ] || [ "$PORT" -gt 19100 ]; then echo "profile: PORT must be within 19000-19100" >&2; exit 2; fi
for j in "$GRANARY_JAR" "$BENCH_JAR"; do [ -f "$j" ] || { echo "profile: $j missing (build first)" >&2; exit 1; }; done

mkdir -p "$OUT"
WORK=$(mktemp -d /var/tmp/granary-profile.XXXXXX)
PID=""
cleanup() {
  if [ -n "$PID" ]; then
    kill -TERM "$PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$JAVA" ${GRANARY_JAVA_OPTS:-} -jar "$GRANARY_JAR" server "$WORK/data" --address "127.0.0.1:$PORT" >"$OUT/granary.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break
  kill -0 "$PID" 2>/dev/null || { echo "profile: Granary did not start" >&2; exit 1; }
  sleep 0.05
done
BENCH=("$JAVA" -XX:+UseSerialGC -Xmx1g -jar "$BENCH_JAR" --endpoint "http://127.0.0.1:$PORT" -q)

"${BENCH[@]}" --bucket pget -w get --size 4KiB --objects 1000 -c 16 --prepare-only
profile() { # $1 = name, rest = bench args
  local name=$1
  shift
  "${BENCH[@]}" --duration 5s "$@" >/dev/null 2>&1   # warm up the JIT first, unrecorded
  "$JAVA_HOME/bin/jcmd" "$PID" JFR.start name="$name" settings=profile >/dev/null
  "${BENCH[@]}" --duration "$DURATION" "$@" >"$OUT/$name-bench.txt" 2>&1
  "$JAVA_HOME/bin/jcmd" "$PID" JFR.stop name="$name" filename="$OUT/$name.jfr" >/dev/null
  {
    echo "== $name: $(head -n 2 "$OUT/$name-bench.txt" | tail -n 1)"
    "$JAVA_HOME/bin/jfr" view --width 200 hot-methods "$OUT/$name.jfr"
    "$JAVA_HOME/bin/jfr" view --width 200 allocation-by-site "$OUT/$name.jfr"
    "$JAVA_HOME/bin/jfr" view --width 200 gc "$OUT/$name.jfr" | head -n 20
  } >"$OUT/$name.txt" 2>&1
  cat "$OUT/$name.txt"
}
profile get4k --bucket pget -w get --no-prepare --size 4KiB --objects 1000 -c 16
profile put4k --bucket pput -w put --size 4KiB --objects 1000 -c 16
echo "recordings: $OUT/*.jfr (open with JDK Mission Control, or: jfr print --events jdk.ExecutionSample FILE)" >&2
