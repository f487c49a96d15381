#!/usr/bin/env bash
# Side-by-side performance: Granary (1 drive) vs S3Proxy 4.1.0 (filesystem backend, the peer) vs nginx (static files,
# the ceiling for GET), on this machine, in one run. Every server listens on 127.0.0.1 only; every process started
# here is stopped on exit. Runs are interleaved (run 1 of every server, then run 2, ...) and medians are reported.
#
#   bench/compare.sh                 # full run, about 10-15 minutes on 2 cores
#   RUNS=1 DURATION=3s bench/compare.sh   # a quick look
#
# Environment (all optional):
#   RUNS=3            runs per workload and server (median reported)
#   DURATION=5s       measured time of one bench run;  WARMUP=2s unmeasured time before it
#   SERVER_WARMUP=15s GET and PUT traffic per S3 server before round 1 (JIT warm-up; 0 to skip)
#   LIST_DURATION=10s measured time of a LIST run (S3Proxy's pages are slow)
#   WRK_DURATION=5s   duration of one wrk run (GET 4 KiB on presigned URLs, wrk -t2 -c16)
#   PORT_BASE=19010   ports PORT_BASE..PORT_BASE+4 are used (must stay within 19000-19100)
#   OUT=DIR           where raw results and summary.md go (default bench/results/<UTC time>)
#   GRANARY_JAR, BENCH_JAR, S3PROXY_JAR   use these jars instead of finding/building/fetching them
#   WORKDIR=DIR       data folders (default: a fresh temp dir under /var/tmp, on disk, removed at the end)
#   GRANARY4=0        do not try Granary with 4 drives (tried by default; skipped while the server refuses it)
#   SKIP_RESOURCES=1  skip the resource figures (idle/peak RSS, --version time, time to first request)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/java.sh
. "$here/scripts/lib/java.sh"
JAVA_HOME=$(find_java25) || exit 1
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

RUNS=${RUNS:-3}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-2s}
SERVER_WARMUP=${SERVER_WARMUP:-15s}
WRK_DURATION=${WRK_DURATION:-5s}
LIST_DURATION=${LIST_DURATION:-10s}
PORT_BASE=${PORT_BASE:-19010}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$here/bench/results/$STAMP}
AK=granaryadmin
SK=granaryadmin
if [ "$PORT_BASE" -lt 19000 ] || [ $((PORT_BASE + 4)) -gt 19100 ]; then  # uses PORT_BASE..PORT_BASE+4
  echo "compare: PORT_BASE must keep ports within 19000-19100" >&2; exit 2
fi
P_GRANARY=$PORT_BASE; P_S3PROXY=$((PORT_BASE + 1)); P_NGINX=$((PORT_BASE + 2)); P_FRESH=$((PORT_BASE + 3))
P_GRANARY4=$((PORT_BASE + 4))

log() { printf '[compare %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# ------------------------------------------------------------------ processes and cleanup
PIDS=()
WORK=""
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -n "$WORK" ] && [ -z "${KEEP_WORK:-}" ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_pid() { # $1 = pid started by this script
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
}

# ------------------------------------------------------------------ tools and jars
need_apt() { # $1 = command, $2 = Debian package
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing $2 (apt-get)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2"; } >/dev/null 2>&1 || true
  fi
  command -v "$1" >/dev/null 2>&1
}
HAVE_NGINX=0; HAVE_WRK=0; HAVE_HYPERFINE=0
need_apt nginx nginx-light || need_apt nginx nginx; command -v nginx >/dev/null 2>&1 && HAVE_NGINX=1
need_apt wrk wrk && HAVE_WRK=1
need_apt hyperfine hyperfine && HAVE_HYPERFINE=1

GRANARY_JAR=${GRANARY_JAR:-$here/granary-server/target/granary.jar}
if ! "$JAVA" -jar "$GRANARY_JAR" --version >/dev/null 2>&1; then
  log "building Granary ($GRANARY_JAR missing or broken)"
  (cd "$here" && ./mvnw -q -B -DskipTests install) >&2 || { echo "compare: build failed" >&2; exit 1; }
fi
BENCH_JAR=${BENCH_JAR:-$here/granary-bench/target/granary-bench.jar}
if [ ! -f "$BENCH_JAR" ]; then
  log "building granary-bench"
  (cd "$here" && ./mvnw -q -B -DskipTests -N install && ./mvnw -q -B -DskipTests -f granary-bench/pom.xml package) >&2 \
    || { echo "compare: granary-bench build failed" >&2; exit 1; }
fi
S3PROXY_JAR=${S3PROXY_JAR:-$HOME/.m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar}
if [ ! -f "$S3PROXY_JAR" ]; then
  log "fetching org.gaul:s3proxy:4.1.0:jar-with-dependencies from Maven Central"
  (cd "$here" && ./mvnw -q -B dependency:get -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies -Dtransitive=false) >&2 \
    || { echo "compare: could not fetch S3Proxy" >&2; exit 1; }
fi

mkdir -p "$OUT/raw"
WORK=${WORKDIR:-$(mktemp -d /var/tmp/granary-compare.XXXXXX)}
mkdir -p "$WORK"
chmod 755 "$WORK"   # nginx workers (user nobody) read S3Proxy's files
log "results in $OUT, data in $WORK"

BENCH=("$JAVA" -XX:+UseSerialGC -Xmx1g -jar "$BENCH_JAR" --access-key "$AK" --secret-key "$SK")

# ------------------------------------------------------------------ servers
wait_s3() { # $1 = port, $2 = pid; prints milliseconds waited until a signed ListBuckets answered 200
  local t0 now code
  t0=$(date +%s%N)
  for _ in $(seq 1 3000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
      -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' \
      --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AK:$SK" "http://127.0.0.1:$1/" 2>/dev/null)
    if [ "$code" = 200 ]; then now=$(date +%s%N); echo $(((now - t0) / 1000000)); return 0; fi
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.01
  done
  return 1
}

START_PID=0; START_MS=0
# The server runs as the `granary` launcher starts it: with the Vector API module (erasure and bitrot kernels).
GRANARY_SERVER_JVM=(--add-modules jdk.incubator.vector)
start_granary() { # $1 = port, $2 = data dir, $3 = log name
  local t0 t1
  mkdir -p "$2"
  t0=$(date +%s%N)
  "$JAVA" "${GRANARY_SERVER_JVM[@]}" ${GRANARY_JAVA_OPTS:-} -jar "$GRANARY_JAR" server "$2" --address "127.0.0.1:$1" \
    >"$OUT/$3.log" 2>&1 &
  START_PID=$!; PIDS+=("$START_PID")
  wait_s3 "$1" "$START_PID" >/dev/null || { echo "compare: Granary did not start, see $OUT/$3.log" >&2; exit 1; }
  t1=$(date +%s%N); START_MS=$(((t1 - t0) / 1000000))
}

start_s3proxy() { # $1 = port, $2 = basedir, $3 = log name
  local t0 t1 props="$WORK/$3.properties"
  mkdir -p "$2"
  cat >"$props" <<EOF
s3proxy.endpoint=http://127.0.0.1:$1
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AK
s3proxy.credential=$SK
jclouds.provider=filesystem
jclouds.filesystem.basedir=$2
EOF
  t0=$(date +%s%N)
  "$JAVA" ${S3PROXY_JAVA_OPTS:-} -jar "$S3PROXY_JAR" --properties "$props" >"$OUT/$3.log" 2>&1 &
  START_PID=$!; PIDS+=("$START_PID")
  wait_s3 "$1" "$START_PID" >/dev/null || { echo "compare: S3Proxy did not start, see $OUT/$3.log" >&2; exit 1; }
  t1=$(date +%s%N); START_MS=$(((t1 - t0) / 1000000))
}

start_nginx() { # $1 = port, $2 = document root
  local p="$WORK/nginx"
  mkdir -p "$p/logs" "$p/tmp"
  local user=""
  # Workers run as nobody when nginx starts as root, and S3Proxy writes its files 0640: read them as root then.
  [ "$(id -u)" = 0 ] && user="user root root;"
  cat >"$p/nginx.conf" <<EOF
$user
daemon off;
master_process on;
worker_processes 2;
pid $p/nginx.pid;
error_log $p/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  default_type application/octet-stream;
  client_body_temp_path $p/tmp/body;
  proxy_temp_path $p/tmp/proxy;
  fastcgi_temp_path $p/tmp/fastcgi;
  uwsgi_temp_path $p/tmp/uwsgi;
  scgi_temp_path $p/tmp/scgi;
  server {
    listen 127.0.0.1:$1;
    root $2;
    location / { }
  }
}
EOF
  nginx -p "$p" -e "$p/logs/error.log" -c "$p/nginx.conf" >"$OUT/nginx.log" 2>&1 &
  START_PID=$!; PIDS+=("$START_PID")
  for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.05; done
  echo "compare: nginx did not start, see $OUT/nginx.log" >&2; exit 1
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

# ------------------------------------------------------------------ results
RUNS_TSV="$OUT/runs.tsv"
printf 'workload\tserver\trun\tops_per_s\tmb_per_s\tp50_ms\tp99_ms\tttfb_p50_ms\terrors\n' >"$RUNS_TSV"

jnum() { # $1 = key, $2 = file: first numeric value of "key":
  grep -o "\"$1\":[0-9.eE+-]*" "$2" 2>/dev/null | head -n 1 | cut -d: -f2
}

run_bench() { # $1 = workload label, $2 = server, $3 = run, rest = bench args
  local label=$1 server=$2 run=$3 f
  shift 3
  f="$OUT/raw/$label-$server-$run.json"
  "${BENCH[@]}" --json -q --duration "${D:-$DURATION}" --warmup "$WARMUP" "$@" >"$f" 2>"$OUT/raw/$label-$server-$run.err"
  local ops mbs p50 p99 ttfb errs
  ops=$(jnum ops_per_s "$f"); mbs=$(jnum mb_per_s "$f"); p50=$(jnum p50 "$f")
  p99=$(jnum p99 "$f"); errs=$(jnum errors "$f")
  ttfb=$(grep -o '"ttfb_ms":{"p50":[0-9.]*' "$f" | head -n 1 | sed 's/.*://')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$server" "$run" "${ops:-NA}" "${mbs:-NA}" "${p50:-NA}" \
    "${p99:-NA}" "${ttfb:-NA}" "${errs:-NA}" >>"$RUNS_TSV"
  log "$label $server run $run: ${ops:-NA} ops/s, ${mbs:-NA} MB/s, p99 ${p99:-NA} ms, errors ${errs:-NA}"
}

run_wrk() { # $1 = label, $2 = server, $3 = run, $4 = url
  local f="$OUT/raw/$1-$2-$3.txt" rps
  wrk -t2 -c16 -d"$WRK_DURATION" --latency "$4" >"$f" 2>&1
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$f")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$f")
  printf '%s\t%s\t%s\t%s\tNA\tNA\tNA\tNA\t%s\n' "$1" "$2" "$3" "${rps:-NA}" "${non2xx:-0}" >>"$RUNS_TSV"
  log "$1 $2 run $3: ${rps:-NA} req/s (non-2xx: ${non2xx:-0})"
}

median_of() { # $1 = workload, $2 = server, $3 = column number in runs.tsv
  awk -F'\t' -v w="$1" -v s="$2" -v c="$3" '$1 == w && $2 == s && $c != "NA" {print $c}' "$RUNS_TSV" | sort -g |
    awk '{a[NR] = $1} END { if (NR == 0) print "NA"; else if (NR % 2) print a[(NR + 1) / 2];
                            else printf "%.4f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

paired() { # $1 = workload, $2 = server A, $3 = server B, $4 = column: median over rounds of A/B within the round
  awk -F'\t' -v w="$1" -v a="$2" -v b="$3" -v c="$4" '
    $1 == w && $2 == a && $c != "NA" {va[$3] = $c}
    $1 == w && $2 == b && $c != "NA" {vb[$3] = $c}
    END { for (r in va) if ((r in vb) && vb[r] + 0 > 0) print va[r] / vb[r] }' "$RUNS_TSV" | sort -g |
    awk '{a[NR] = $1} END { if (NR == 0) print "-"; else if (NR % 2) printf "%.2f\n", a[(NR + 1) / 2];
                            else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
fmt() { awk -v a="$1" 'BEGIN { if (a == "NA" || a == "") print "-"; else if (a + 0 >= 100) printf "%.0f", a; else printf "%.2f", a }'; }

# ------------------------------------------------------------------ resource figures (fresh instances)
RES="$OUT/resources.tsv"
printf 'server\tstart_to_first_request_ms\tidle_rss_mib\tpeak_rss_64_clients_mib\n' >"$RES"
STARTS="$OUT/starts.tsv"
printf 'server\trun\tstart_to_first_request_ms\tidle_rss_mib\n' >"$STARTS"
start_fresh() { # $1 = granary|s3proxy, $2 = run
  local dir="$WORK/fresh-$1-$2"
  if [ "$1" = granary ]; then start_granary "$P_FRESH" "$dir" "fresh-$1-$2"; else start_s3proxy "$P_FRESH" "$dir" "fresh-$1-$2"; fi
}
startup_for() { # $1 = granary|s3proxy, $2 = run: time to first signed request and RSS 5 s later, on an empty folder
  local pid start idle
  start_fresh "$1" "$2"
  pid=$START_PID; start=$START_MS
  sleep 5
  idle=$(rss_kib "$pid")
  stop_pid "$pid"
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$start" "$(mib "$idle")" >>"$STARTS"
  log "start $1 #$2: first request after ${start} ms, idle RSS $(mib "$idle") MiB"
}
peak_for() { # $1 = granary|s3proxy: VmHWM of a fresh instance after 64-client 4 KiB PUT, GET and MIXED
  local pid st idle peak
  start_fresh "$1" peak
  pid=$START_PID
  "${BENCH[@]}" -q --endpoint "http://127.0.0.1:$P_FRESH" --bucket res64 -w put --size 4KiB --objects 2000 -c 64 \
    --duration 5s >"$OUT/raw/res-put64-$1.txt" 2>&1
  "${BENCH[@]}" -q --endpoint "http://127.0.0.1:$P_FRESH" --bucket res64 -w get --no-prepare --size 4KiB \
    --objects 2000 -c 64 --duration 5s >"$OUT/raw/res-get64-$1.txt" 2>&1
  "${BENCH[@]}" -q --endpoint "http://127.0.0.1:$P_FRESH" --bucket res64mix -w mixed --size 4KiB --objects 2000 -c 64 \
    --duration 5s >"$OUT/raw/res-mixed64-$1.txt" 2>&1
  peak=$(hwm_kib "$pid")
  stop_pid "$pid"
  st=$(awk -F'\t' -v s="$1" '$1 == s {print $3}' "$STARTS" | sort -g | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "NA")}')
  idle=$(awk -F'\t' -v s="$1" '$1 == s {print $4}' "$STARTS" | sort -g | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "NA")}')
  printf '%s\t%s\t%s\t%s\n' "$1" "$st" "$idle" "$(mib "$peak")" >>"$RES"
  log "peak RSS $1 under 64 clients: $(mib "$peak") MiB"
}

VERSION_MS="NA"
if [ -z "${SKIP_RESOURCES:-}" ]; then
  log "resource figures"
  if [ "$HAVE_HYPERFINE" = 1 ]; then
    hyperfine -N --warmup 2 --runs 15 --export-json "$OUT/raw/version.json" \
      "$JAVA -jar $GRANARY_JAR --version" >"$OUT/raw/version.txt" 2>&1
    VERSION_MS=$(grep -o '"median": *[0-9.]*' "$OUT/raw/version.json" | head -n 1 | awk -F: '{printf "%.0f", $2 * 1000}')
  else
    t=()
    for _ in $(seq 1 10); do
      t0=$(date +%s%N); "$JAVA" -jar "$GRANARY_JAR" --version >/dev/null; t1=$(date +%s%N); t+=($(((t1 - t0) / 1000000)))
    done
    VERSION_MS=$(printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  fi
  log "granary --version: median ${VERSION_MS} ms"
  for r in $(seq 1 "$RUNS"); do startup_for granary "$r"; startup_for s3proxy "$r"; done
  peak_for granary
  peak_for s3proxy
fi

# ------------------------------------------------------------------ the measured servers
start_granary "$P_GRANARY" "$WORK/granary" granary;  G_PID=$START_PID
start_s3proxy "$P_S3PROXY" "$WORK/s3proxy" s3proxy;  S_PID=$START_PID
if [ "$HAVE_NGINX" = 1 ]; then start_nginx "$P_NGINX" "$WORK/s3proxy"; fi
declare -A URL=([granary]="http://127.0.0.1:$P_GRANARY" [s3proxy]="http://127.0.0.1:$P_S3PROXY" [nginx]="http://127.0.0.1:$P_NGINX"
                [granary4]="http://127.0.0.1:$P_GRANARY4")
S3_SERVERS=(granary s3proxy)
GET_SERVERS=(granary s3proxy)
# Granary with 4 drives (erasure coded) once the server accepts several folders; skipped while it refuses them.
HAVE_G4=0
if [ "${GRANARY4:-auto}" != 0 ]; then
  mkdir -p "$WORK"/g4/d{1,2,3,4}
  "$JAVA" "${GRANARY_SERVER_JVM[@]}" ${GRANARY_JAVA_OPTS:-} -jar "$GRANARY_JAR" server "$WORK"/g4/d1 "$WORK"/g4/d2 "$WORK"/g4/d3 "$WORK"/g4/d4 \
    --address "127.0.0.1:$P_GRANARY4" >"$OUT/granary4.log" 2>&1 &
  G4_PID=$!; PIDS+=("$G4_PID")
  if wait_s3 "$P_GRANARY4" "$G4_PID" >/dev/null; then
    HAVE_G4=1; S3_SERVERS+=(granary4); GET_SERVERS+=(granary4)
  else
    log "Granary with 4 drives did not start (not available yet?), see $OUT/granary4.log; skipping it"
    stop_pid "$G4_PID"
  fi
fi
[ "$HAVE_NGINX" = 1 ] && GET_SERVERS+=(nginx)

log "preparing data (GET 4 KiB, GET 64 MiB, LIST 10 000 keys, MIXED) on both S3 servers"
for s in "${S3_SERVERS[@]}"; do
  "${BENCH[@]}" -q --endpoint "${URL[$s]}" --bucket bget4k --size 4KiB --objects 1000 -c 16 --prepare-only -w get
  "${BENCH[@]}" -q --endpoint "${URL[$s]}" --bucket bget64m --size 64MiB --objects 4 -c 4 --prepare-only -w get
  "${BENCH[@]}" -q --endpoint "${URL[$s]}" --bucket blist --size 0 --objects 10000 -c 32 --prepare-only -w list
  for r in $(seq 1 "$RUNS"); do
    "${BENCH[@]}" -q --endpoint "${URL[$s]}" --bucket "bmixed$r" --size 4KiB --objects 500 -c 16 --prepare-only -w mixed
  done
done
# Is nginx really serving S3Proxy's files at /bucket/key?
if [ "$HAVE_NGINX" = 1 ]; then
  n=$(curl -s -o /dev/null -w '%{size_download}' "${URL[nginx]}/bget4k/obj-00000000")
  [ "$n" = 4096 ] || { log "nginx does not serve /bget4k/obj-00000000 (got $n bytes); dropping nginx"; GET_SERVERS=(granary s3proxy); HAVE_NGINX=0; }
fi

# JVM servers reach their steady speed only once the JIT has compiled the request path; a server in production
# runs for days. So before round 1 every S3 server gets SERVER_WARMUP of GET and PUT traffic (not measured).
if [ "$SERVER_WARMUP" != 0 ] && [ "$SERVER_WARMUP" != 0s ]; then
  log "warming up the S3 servers ($SERVER_WARMUP of GET, then of PUT, each)"
  for s in "${S3_SERVERS[@]}"; do
    "${BENCH[@]}" -q --endpoint "${URL[$s]}" --bucket bget4k -w get --no-prepare --size 4KiB --objects 1000 -c 16 \
      --duration "$SERVER_WARMUP" >/dev/null 2>&1
    "${BENCH[@]}" -q --endpoint "${URL[$s]}" --bucket bwarm -w put --size 4KiB --objects 100 -c 16 \
      --duration "$SERVER_WARMUP" >/dev/null 2>&1
  done
fi

for r in $(seq 1 "$RUNS"); do
  log "round $r of $RUNS"
  for s in "${S3_SERVERS[@]}"; do
    run_bench put4k "$s" "$r" --endpoint "${URL[$s]}" --bucket bput4k -w put --size 4KiB --objects 1000 -c 16
  done
  for s in "${GET_SERVERS[@]}"; do
    run_bench get4k "$s" "$r" --endpoint "${URL[$s]}" --bucket bget4k -w get --no-prepare --size 4KiB --objects 1000 -c 16
  done
  if [ "$HAVE_WRK" = 1 ]; then
    for s in "${GET_SERVERS[@]}"; do
      if [ "$s" = nginx ]; then u="${URL[nginx]}/bget4k/obj-00000000"
      else u=$("${BENCH[@]}" --endpoint "${URL[$s]}" --bucket bget4k --no-prepare --objects 1 --presign 0); fi
      run_wrk wrk-get4k "$s" "$r" "$u"
      # The same single object with granary bench: is the client cheap enough (compare with wrk above)?
      run_bench bench-get4k-1obj "$s" "$r" --endpoint "${URL[$s]}" --bucket bget4k -w get --no-prepare --size 4KiB \
        --objects 1 -c 16
    done
  fi
  for s in "${S3_SERVERS[@]}"; do
    run_bench put64m "$s" "$r" --endpoint "${URL[$s]}" --bucket bput64m -w put --size 64MiB --objects 4 -c 4
  done
  for s in "${GET_SERVERS[@]}"; do
    run_bench get64m "$s" "$r" --endpoint "${URL[$s]}" --bucket bget64m -w get --no-prepare --size 64MiB --objects 4 -c 4
  done
  for s in "${S3_SERVERS[@]}"; do
    D=$LIST_DURATION run_bench list10k "$s" "$r" --endpoint "${URL[$s]}" --bucket blist -w list --no-prepare --size 0 --objects 10000 \
      --page-size 1000 -c 4
  done
  for s in "${S3_SERVERS[@]}"; do
    run_bench mixed4k "$s" "$r" --endpoint "${URL[$s]}" --bucket "bmixed$r" -w mixed --no-prepare --size 4KiB \
      --objects 500 -c 16
  done
done
G_HWM=$(hwm_kib "$G_PID"); S_HWM=$(hwm_kib "$S_PID")

# ------------------------------------------------------------------ summary
SUM="$OUT/summary.md"
{
  echo "Side-by-side run of $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)),"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). $RUNS interleaved runs per cell, medians;"
  echo "servers warmed up with ${SERVER_WARMUP} of GET and of PUT 4 KiB each before round 1; bench runs: ${WARMUP} warm-up + ${DURATION} measured; wrk runs: wrk -t2 -c16 -d${WRK_DURATION} on a presigned URL (nginx: plain URL)."
  echo "Granary jar: $(basename "$GRANARY_JAR") ($(date -u -r "$GRANARY_JAR" '+%Y-%m-%d %H:%M UTC')), JVM: $("$JAVA" -version 2>&1 | head -n 1)."
  echo
  if [ "$HAVE_G4" = 1 ]; then
    echo "| workload | unit | Granary 1 drive | Granary 4 drives | S3Proxy | nginx | G1/S3Proxy | G1/nginx | G4/S3Proxy | G4/nginx |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  else
    echo "| workload | unit | Granary | S3Proxy | nginx | Granary/S3Proxy | Granary/nginx |"
    echo "|---|---|---:|---:|---:|---:|---:|"
  fi
  row() { # label, workload, column, unit
    local g s n g4
    g=$(median_of "$2" granary "$3"); s=$(median_of "$2" s3proxy "$3"); n=$(median_of "$2" nginx "$3")
    if [ "$HAVE_G4" = 1 ]; then
      g4=$(median_of "$2" granary4 "$3")
      echo "| $1 | $4 | $(fmt "$g") | $(fmt "$g4") | $(fmt "$s") | $(fmt "$n") | $(ratio "$g" "$s") | $(ratio "$g" "$n") | $(ratio "$g4" "$s") | $(ratio "$g4" "$n") |"
    else
      echo "| $1 | $4 | $(fmt "$g") | $(fmt "$s") | $(fmt "$n") | $(ratio "$g" "$s") | $(ratio "$g" "$n") |"
    fi
  }
  row "PUT 4 KiB, c16" put4k 4 "ops/s"
  row "GET 4 KiB, c16, 1000 keys (granary bench)" get4k 4 "ops/s"
  row "GET 4 KiB, one object (wrk -t2 -c16)" wrk-get4k 4 "req/s"
  row "GET 4 KiB, one object (granary bench -c16)" bench-get4k-1obj 4 "ops/s"
  row "PUT 64 MiB, c4" put64m 5 "MB/s"
  row "GET 64 MiB, c4" get64m 5 "MB/s"
  row "LIST 10 000 keys, 1000/page, c4" list10k 4 "pages/s"
  row "MIXED 4 KiB, c16 (45% GET, 30% HEAD, 15% PUT, 10% DELETE)" mixed4k 4 "ops/s"
  echo
  echo "The same ratios taken within each round first (Granary's run divided by the other server's run of the same"
  echo "round, then the median over rounds; steadier when the machine's load drifts):"
  echo
  echo "| workload | Granary/S3Proxy | Granary/nginx |$([ "$HAVE_G4" = 1 ] && echo " G4/S3Proxy | G4/nginx |")"
  echo "|---|---:|---:|$([ "$HAVE_G4" = 1 ] && echo "---:|---:|")"
  for w in put4k get4k wrk-get4k bench-get4k-1obj put64m get64m list10k mixed4k; do
    c=4; case $w in put64m|get64m) c=5 ;; esac
    line="| $w | $(paired "$w" granary s3proxy "$c") | $(paired "$w" granary nginx "$c") |"
    [ "$HAVE_G4" = 1 ] && line="$line $(paired "$w" granary4 s3proxy "$c") | $(paired "$w" granary4 nginx "$c") |"
    echo "$line"
  done
  echo
  echo "Latency medians (ms, p50 / p99, granary bench):"
  echo
  echo "| workload | Granary | S3Proxy | nginx |$([ "$HAVE_G4" = 1 ] && echo " Granary 4 drives |")"
  echo "|---|---:|---:|---:|$([ "$HAVE_G4" = 1 ] && echo "---:|")"
  for w in put4k get4k put64m get64m list10k mixed4k; do
    line="| $w"
    for s in granary s3proxy nginx $([ "$HAVE_G4" = 1 ] && echo granary4); do
      p50=$(median_of "$w" "$s" 6); p99=$(median_of "$w" "$s" 7)
      if [ "$p50" = NA ]; then line="$line | -"; else line="$line | $(fmt "$p50") / $(fmt "$p99")"; fi
    done
    echo "$line |"
  done
  echo
  echo "Client cost: granary bench / wrk on the same object (1.00 = as cheap as wrk):"
  for s in "${GET_SERVERS[@]}"; do
    echo "- $s: $(ratio "$(median_of bench-get4k-1obj "$s" 4)" "$(median_of wrk-get4k "$s" 4)")"
  done
  if [ -s "$RES" ] && [ "$(wc -l <"$RES")" -gt 1 ]; then
    echo
    echo "Resources (fresh instances on empty folders, default JVM settings; start and idle RSS: median of $RUNS starts,"
    echo "idle RSS 5 s after the first request; peak = VmHWM after 5 s PUT + 5 s GET + 5 s MIXED of 4 KiB at 64 clients):"
    echo
    echo "| server | start to first signed request | idle RSS | peak RSS, 64 clients |"
    echo "|---|---:|---:|---:|"
    tail -n +2 "$RES" | while IFS=$'\t' read -r s st idle peak; do echo "| $s | $st ms | $idle MiB | $peak MiB |"; done
    echo
    echo "granary --version: median $VERSION_MS ms ($([ "$HAVE_HYPERFINE" = 1 ] && echo "hyperfine -N --warmup 2 --runs 15" || echo "10 timed runs"))."
  fi
  echo "Peak RSS of the measured instances over the whole run (incl. 64 MiB objects): Granary $(mib "$G_HWM") MiB, S3Proxy $(mib "$S_HWM") MiB."
  errs=$(awk -F'\t' 'NR > 1 && $9 != "NA" && $9 + 0 > 0' "$RUNS_TSV" | wc -l)
  echo "Runs with errors or non-2xx answers: $errs (see runs.tsv and raw/)."
} >"$SUM"
cat "$SUM"
log "done: $SUM"
