#!/usr/bin/env bash
# Builds a self-contained runtime image for this machine's platform: a jlink'ed JDK 25 runtime with exactly the
# modules Granary uses, the server jar, and a launcher. Usage: scripts/jlink-runtime.sh [OUT] [JAR]
#   OUT defaults to dist/granary-<os>-<arch>; JAR to granary-server/target/granary.jar (built if missing).
# Run OUT/bin/granary like ./granary (server, info, bench, --version).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/java.sh
. "$here/scripts/lib/java.sh"
JAVA_HOME=$(find_java25) || exit 1
export JAVA_HOME
os=$(uname -s | tr '[:upper:]' '[:lower:]'); arch=$(uname -m)
out=${1:-$here/dist/granary-$os-$arch}
jar=${2:-$here/granary-server/target/granary.jar}
if [ ! -f "$jar" ]; then (cd "$here" && ./mvnw -q -B -DskipTests -pl granary-server -am package); fi
# java.xml: request bodies (StAX); java.management + jdk.management: memory stats and heap dumps; jdk.jfr:
# profiles; jdk.unsupported: Netty and direct writes (ExtendedOpenOption.DIRECT); jdk.incubator.vector: the fast erasure and bitrot kernels; java.naming:
# Netty's DNS-free address helpers; jdk.crypto.ec: TLS-ready clients of the bench command.
modules=java.base,java.logging,java.management,java.naming,java.xml,jdk.jfr,jdk.management,jdk.unsupported,jdk.incubator.vector,jdk.crypto.ec
rm -rf "$out"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --output "$out"
mkdir -p "$out/lib/granary"
cp "$jar" "$out/lib/granary/granary.jar"
cat > "$out/bin/granary" <<'SH'
#!/bin/sh
# Granary from its runtime image: the server (and info, which reports what it would see) gets the Vector API.
here=$(cd "$(dirname "$0")/.." && pwd)
case "${1:-}" in server|info) exec "$here/bin/java" --add-modules jdk.incubator.vector ${GRANARY_JAVA_OPTS:-} -jar "$here/lib/granary/granary.jar" "$@" ;; esac
exec "$here/bin/java" ${GRANARY_JAVA_OPTS:-} -jar "$here/lib/granary/granary.jar" "$@"
SH
chmod +x "$out/bin/granary"
echo "runtime image: $out ($(du -sh "$out" | cut -f1)); run $out/bin/granary server DIR"
