#!/usr/bin/env bash
# Cross-architecture proof: runs the built Granary jar on AArch64 under qemu-user at 4 KiB, 16 KiB and 64 KiB
# pages (qemu's -p option sets the page size the guest sees), plus the x86_64 native cell, and checks for each:
#   --version | info (page size, arch, allocator) | server start | PUT+GET of a 5 MiB object | clean stop (SIGTERM)
# Prints a result table and records it in docs/PLATFORMS.md (between the xarch-matrix markers).
#
# Usage: scripts/cross-arch/run-aarch64.sh [PAGESIZE...]        (default: 4096 16384 65536)
# Environment:
#   GRANARY_JAR              jar to run (default granary-server/target/granary.jar; built if missing)
#   GRANARY_XARCH_WORK       work folder for the sysroot and logs (default /tmp/granary-xarch)
#   GRANARY_XARCH_EXTRA_CP   extra class path (e.g. aarch64 Netty native jars) -> runs with -cp instead of -jar
#   GRANARY_XARCH_JVM_OPTS   JVM options for the emulated runs (default: C1 only, 1 GiB heap: emulation is slow)
#   GRANARY_XARCH_NATIVE=0   skip the x86_64 native cell
#   GRANARY_XARCH_DOCS=0     do not update docs/PLATFORMS.md
#   GRANARY_XARCH_NOTE       free text recorded in the Notes column (e.g. which build was run)
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/scripts/cross-arch"
WORK=${GRANARY_XARCH_WORK:-/tmp/granary-xarch}
PAGES=("$@"); [[ ${#PAGES[@]} -gt 0 ]] || PAGES=(4096 16384 65536)
JAR=${GRANARY_JAR:-$ROOT/granary-server/target/granary.jar}
EXTRA_CP=${GRANARY_XARCH_EXTRA_CP:-}
EMU_OPTS=${GRANARY_XARCH_JVM_OPTS:--XX:TieredStopAtLevel=1 -Xmx1g -XX:+UseSerialGC}
USER_KEY=granaryadmin
SECRET=granaryadmin
EMPTY_SHA=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
mkdir -p "$WORK/logs"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

log() { echo "[xarch] $*" >&2; }

# --- prerequisites ---------------------------------------------------------------------------------------------
if ! command -v qemu-aarch64-static >/dev/null; then
  log "installing qemu-user-static"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static >/dev/null \
    || { log "cannot install qemu-user-static"; exit 2; }
fi
if [[ ! -f $JAR ]]; then
  log "building $JAR"
  (cd "$ROOT" && ./mvnw -q -B -DskipTests install) || { log "build failed"; exit 2; }
fi
HOST_JAVA=${GRANARY_XARCH_HOST_JAVA:-}
if [[ -z $HOST_JAVA ]]; then
  for j in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java "$(command -v java)"; do
    if [[ -x $j ]] && "$j" -version 2>&1 | grep -q 'version "2[5-9]'; then HOST_JAVA=$j; break; fi
  done
fi
SYSROOT="$WORK/sysroot"
A64_JAVA=$("$HERE/fetch-aarch64-jdk.sh" "$SYSROOT") || { log "could not prepare the aarch64 JDK"; exit 2; }
log "aarch64 java: $A64_JAVA"

# --- how to launch ---------------------------------------------------------------------------------------------
# command_for ARCH PAGE MAINCLASS|-jar ARGS...: fills the array CMD (run it directly, so $! is the JVM/qemu itself).
command_for() {
  local arch=$1 page=$2 main=$3; shift 3
  local -a jvm
  if [[ $arch == aarch64 ]]; then
    CMD=(qemu-aarch64-static -p "$page" -L "$SYSROOT" "$A64_JAVA"); read -r -a jvm <<< "$EMU_OPTS"
  else
    CMD=("$HOST_JAVA"); jvm=()
  fi
  CMD+=("${jvm[@]}")
  if [[ $main == -jar && -z $EXTRA_CP ]]; then
    CMD+=(-jar "$JAR")
  else
    [[ $main == -jar ]] && main=io.granary.server.Main
    CMD+=(--enable-native-access=ALL-UNNAMED -cp "$JAR${EXTRA_CP:+:$EXTRA_CP}" "$main")
  fi
  CMD+=("$@")
}
# info may not be registered as a subcommand yet: then run InfoCommand's own main.
run_info() {
  local arch=$1 page=$2; shift 2
  local out
  command_for "$arch" "$page" -jar info "$@"
  out=$("${CMD[@]}" 2>&1)
  if grep -q "Unmatched argument" <<< "$out"; then
    echo "(info-not-wired: ran io.granary.server.cli.InfoCommand)"
    command_for "$arch" "$page" io.granary.server.cli.InfoCommand "$@"
    "${CMD[@]}" 2>&1
  else
    echo "$out"
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
s3() { curl -sS --max-time 600 --aws-sigv4 "aws:amz:us-east-1:s3" --user "$USER_KEY:$SECRET" "$@"; }

# --- one cell ----------------------------------------------------------------------------------------------------
run_cell() {
  local arch=$1 page=$2 expect_alloc=$3
  local id="$arch-$page" L="$WORK/logs/$arch-$page"
  mkdir -p "$L"; rm -rf "${L:?}"/*
  local v=FAIL info=FAIL start=FAIL putget=FAIL stop=FAIL transport=? alloc=? libc=? t0 secs note=""
  log "== $id: --version"
  t0=$(date +%s%N)
  local archre=$arch; [[ $arch == x86_64 ]] && archre='x86_64|amd64'
  command_for "$arch" "$page" -jar --version
  if "${CMD[@]}" > "$L/version.txt" 2>&1 && grep -q '^granary ' "$L/version.txt" \
      && grep -Eqi "Linux ($archre)" "$L/version.txt"; then v=ok; fi
  secs=$(( ($(date +%s%N) - t0) / 100000000 ))
  v="$v($((secs / 10)).$((secs % 10))s)"

  log "== $id: info"
  run_info "$arch" "$page" --json > "$L/info.txt" 2>&1
  grep -q 'info-not-wired' "$L/info.txt" && note="info via InfoCommand main (subcommand not wired yet)"
  local parsed
  parsed=$(python3 - "$L/info.txt" "$page" "$arch" "$expect_alloc" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
start = text.find('{'); end = text.rfind('}')
want_page, want_arch, want_alloc = int(sys.argv[2]), sys.argv[3].upper(), sys.argv[4]
try:
    j = json.loads(text[start:end + 1])
except Exception as e:
    print("FAIL ? ? ? no-json"); sys.exit()
p, c = j["platform"], j["choices"]
page = p["pageSize"]["value"]; arch = p["arch"]["normalised"]; alloc = c["allocator"]["kind"]
libc = str(p["libc"]["value"]).lower()
uring = [x for x in c["transport"]["candidates"] if x["kind"] == "IO_URING"]
uring_ok = not uring or not (want_arch == "AARCH64" and uring[0]["available"])  # qemu-user has no io_uring
ok = page == want_page and arch == want_arch and alloc == want_alloc and uring_ok
print(("ok" if ok else "FAIL"), c["transport"]["chosen"], alloc, libc,
      "page=%s arch=%s io_uring=%s" % (page, arch, uring[0]["reason"][:60].replace(" ", "_") if uring else "n/a"))
PY
)
  read -r info transport alloc libc detail <<< "$parsed"
  echo "$detail" > "$L/info-summary.txt"

  log "== $id: server start"
  local port data pid
  port=$(free_port); data="$L/data"; mkdir -p "$data"
  command_for "$arch" "$page" -jar server --address "127.0.0.1:$port" "$data"
  "${CMD[@]}" > "$L/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && { start=ok; break; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if [[ $start == ok ]]; then
    log "== $id: PUT/GET 5 MiB"
    head -c $((5 * 1024 * 1024)) /dev/urandom > "$L/obj"
    local sha; sha=$(sha256sum "$L/obj" | cut -d' ' -f1)
    local b="xarch-$page-$$"
    local c1 c2 c3
    c1=$(s3 -o "$L/mb.out" -w '%{http_code}' -H "x-amz-content-sha256: $EMPTY_SHA" -X PUT "http://127.0.0.1:$port/$b")
    c2=$(s3 -o "$L/put.out" -w '%{http_code}' -H "x-amz-content-sha256: $sha" -T "$L/obj" "http://127.0.0.1:$port/$b/obj5m")
    c3=$(s3 -o "$L/got" -w '%{http_code}' -H "x-amz-content-sha256: $EMPTY_SHA" "http://127.0.0.1:$port/$b/obj5m")
    if [[ $c1 == 200 && $c2 == 200 && $c3 == 200 ]] && [[ $(sha256sum "$L/got" | cut -d' ' -f1) == "$sha" ]]; then
      putget=ok
    else
      putget="FAIL(mb=$c1,put=$c2,get=$c3)"
    fi
    rm -f "$L/obj" "$L/got"
  fi
  local srv_t; srv_t=$(grep -Eo 'transport [A-Z_]+$' "$L/server.log" | head -1 | awk '{print $2}')
  [[ -n $srv_t ]] && note="${note:+$note; }server ran on $srv_t"
  [[ -n ${GRANARY_XARCH_NOTE:-} ]] && note="${note:+$note; }$GRANARY_XARCH_NOTE"
  log "== $id: stop"
  kill -TERM "$pid" 2>/dev/null
  local rc=""
  for _ in $(seq 1 240); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; wait "$pid" 2>/dev/null; stop="FAIL(hung)"
  else
    wait "$pid"; rc=$?
    # A JVM ended by SIGTERM exits 143 after its shutdown hooks; either 0 or 143 with "Granary stopped" is clean.
    if [[ $start == ok && ( $rc == 0 || $rc == 143 ) ]] && grep -q "Granary stopped" "$L/server.log"; then
      stop="ok(rc=$rc)"
    else
      stop="FAIL(rc=$rc)"
    fi
  fi
  rm -rf "$data"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$arch" "$page" "$libc" "$v" "$info" "$start" "$putget" \
    "$stop" "$transport" "$alloc" "$note" >> "$RESULTS"
}

for p in "${PAGES[@]}"; do run_cell aarch64 "$p" ADAPTIVE; done
if [[ ${GRANARY_XARCH_NATIVE:-1} != 0 && -n $HOST_JAVA ]]; then
  run_cell x86_64 "$(getconf PAGESIZE)" POOLED
fi

# --- report --------------------------------------------------------------------------------------------------------
echo
printf '%-8s %-6s %-6s %-14s %-5s %-5s %-22s %-10s %-9s %-9s %s\n' ARCH PAGE LIBC VERSION INFO START PUT/GET-5MiB STOP \
  TRANSPORT ALLOCATOR NOTE
while IFS=$'\t' read -r a p l v i s pg st t al n; do
  printf '%-8s %-6s %-6s %-14s %-5s %-5s %-22s %-10s %-9s %-9s %s\n' "$a" "$p" "$l" "$v" "$i" "$s" "$pg" "$st" "$t" \
    "$al" "$n"
done < "$RESULTS"

if [[ ${GRANARY_XARCH_DOCS:-1} != 0 ]]; then
  python3 "$HERE/update-matrix.py" "$ROOT/docs/PLATFORMS.md" "$RESULTS" "$(date -u +%F)" \
    "$("$HOST_JAVA" -version 2>&1 | head -1 | tr -d '"')" "$(qemu-aarch64-static --version | head -1)" \
    && log "updated docs/PLATFORMS.md"
fi
FAILS=$(grep -c 'FAIL' "$RESULTS")
[[ $FAILS == 0 ]] && log "all cells passed" || log "$FAILS cell(s) with failures"
exit $(( FAILS > 0 ? 1 : 0 ))
