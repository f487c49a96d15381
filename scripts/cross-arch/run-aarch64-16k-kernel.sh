#!/usr/bin/env bash
# The strongest cross-arch proof: boots Debian bookworm-security's real 16 KiB-page AArch64 kernel
# (linux-image-*-arm64-16k) under qemu-system-aarch64 (-M virt -cpu max, TCG) with an initramfs holding the
# AArch64 JDK 25 sysroot (see fetch-aarch64-jdk.sh), busybox, curl and the Granary jar, and runs inside the guest:
#   --version | info (page size from the real kernel, ADAPTIVE) | server start | PUT+GET 5 MiB (curl, SigV4) | stop
# Slow (full-system emulation): run by hand, not on every CI run. Results: docs/PLATFORMS.md (xarch matrix).
#
# Usage: scripts/cross-arch/run-aarch64-16k-kernel.sh
# Environment: GRANARY_JAR, GRANARY_XARCH_WORK (default /tmp/granary-xarch), GRANARY_XARCH_DOCS=0, GRANARY_XARCH_NOTE
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/scripts/cross-arch"
WORK=${GRANARY_XARCH_WORK:-/tmp/granary-xarch}
JAR=${GRANARY_JAR:-$ROOT/granary-server/target/granary.jar}
KW="$WORK/kernel16k"
log() { echo "[16k-kernel] $*" >&2; }
mkdir -p "$KW"

command -v cpio >/dev/null || apt-get install -y -qq cpio >/dev/null || { log "cannot install cpio"; exit 2; }
command -v qemu-system-aarch64 >/dev/null || {
  log "installing qemu-system-arm"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends qemu-system-arm \
    >/dev/null || { log "cannot install qemu-system-arm"; exit 2; }
}
[[ -f $JAR ]] || (cd "$ROOT" && ./mvnw -q -B -DskipTests install) || { log "build failed"; exit 2; }
A64_JAVA=$("$HERE/fetch-aarch64-jdk.sh" "$WORK/sysroot") || { log "no aarch64 JDK"; exit 2; }
SYSROOT="$WORK/sysroot"

# --- private apt configurations (same mirror host as the machine's own Debian sources) ----------------------------
mirror() { # $1: regex the stanza must match
  awk -v want="$1" 'BEGIN{RS=""} $0 ~ want { if (match($0, /URIs:[ \t]*[^ \t\n]+/)) { u=substr($0, RSTART, RLENGTH);
     sub(/URIs:[ \t]*/, "", u); print u; exit } }' /etc/apt/sources.list.d/*.sources 2>/dev/null
}
apt_opts() { # $1: folder
  APT=(-o "Dir::Etc::sourcelist=$1/sources.list" -o "Dir::Etc::sourceparts=$1/parts" -o "Dir::State=$1/state"
       -o "Dir::State::status=$1/state/status" -o "Dir::Cache=$1/cache" -o "Dir::Etc::preferencesparts=$1/parts"
       -o APT::Architecture=arm64 -o "APT::Architectures::=arm64" -o Debug::NoLocking=1 -o APT::Sandbox::User=root
       -o Acquire::Languages=none)
}
private_apt() { # $1 folder, $2 "URL SUITE"
  mkdir -p "$1"/{parts,state/lists/partial,cache/archives/partial,debs}
  : > "$1/state/status"
  echo "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $2 main" > "$1/sources.list"
  apt_opts "$1"; apt-get "${APT[@]}" -qq update >&2
}

KDIR="$KW/kernel"
if [[ ! -f $KW/Image ]]; then
  SEC=$(mirror 'bookworm-security')
  [[ -n $SEC ]] || { log "no bookworm-security mirror in the machine's apt sources"; exit 2; }
  private_apt "$KW/apt-sec" "$SEC bookworm-security"
  PKG=$(apt-cache "${APT[@]}" search 'linux-image-6\.12.*arm64-16k-unsigned' | awk '{print $1}' | sort -V | tail -1)
  log "kernel package: $PKG"
  (cd "$KW/apt-sec/debs" && apt-get "${APT[@]}" -qq download "$PKG" >&2) || exit 2
  rm -rf "$KDIR"; mkdir -p "$KDIR"; dpkg -x "$KW"/apt-sec/debs/linux-image-*.deb "$KDIR"
  cp "$KDIR"/boot/vmlinuz-* "$KW/Image"
fi

# --- guest root: JDK sysroot + busybox + curl + jar + init ------------------------------------------------------
GR="$KW/root"
rm -rf "$GR"; mkdir -p "$GR"
cp -a "$SYSROOT/." "$GR/"
# links were rewritten to point inside $SYSROOT on the host; inside the guest the sysroot is /
while IFS= read -r -d '' l; do
  t=$(readlink "$l"); [[ $t == "$SYSROOT"/* ]] && ln -sfn "${t#"$SYSROOT"}" "$l"
done < <(find "$GR" -type l -print0)
MAIN=$(mirror 'Suites:[^\n]*bookworm[ \n]')
[[ -n $MAIN ]] || { log "no bookworm mirror in the machine's apt sources"; exit 2; }
private_apt "$KW/apt-trixie" "$MAIN trixie"
mkdir -p "$KW/debs-extra"
mapfile -t EXTRA < <(apt-cache "${APT[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances curl busybox-static | grep -v '^ ' | grep -v '^<' | sort -u)
(cd "$KW/debs-extra" && apt-get "${APT[@]}" -qq download "${EXTRA[@]}" >&2) || { log "download failed"; exit 2; }
for d in "$KW"/debs-extra/*.deb; do dpkg -x "$d" "$GR"; done
mkdir -p "$GR"/{proc,sys,dev,tmp,run,granary}
cp "$JAR" "$GR/granary/granary.jar"
GJAVA=${A64_JAVA#"$SYSROOT"}
cat > "$GR/init" <<INIT
#!/usr/bin/busybox sh
/usr/bin/busybox --install -s /usr/bin 2>/dev/null || /bin/busybox --install -s /bin
export PATH=/usr/bin:/bin:/usr/sbin:/sbin HOME=/tmp
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev 2>/dev/null; mount -t tmpfs tmp /tmp
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
J="$GJAVA -XX:TieredStopAtLevel=1 -Xmx1g -XX:+UseSerialGC -jar /granary/granary.jar"
echo "@@ kernel \$(uname -r) pagesize \$(getconf PAGESIZE 2>/dev/null || echo ?)"
if \$J --version > /tmp/v.txt 2>&1; then echo "@@ version ok"; else echo "@@ version FAIL"; fi
cat /tmp/v.txt
\$J info --json > /tmp/info.txt 2>&1 || $GJAVA -cp /granary/granary.jar io.granary.server.cli.InfoCommand --json > /tmp/info.txt 2>&1
echo "@@ info-begin"; cat /tmp/info.txt; echo "@@ info-end"
mkdir -p /tmp/data
\$J server --address 127.0.0.1:9000 /tmp/data > /tmp/server.log 2>&1 &
PID=\$!
ok=FAIL; i=0
while [ \$i -lt 900 ]; do
  if curl -sf http://127.0.0.1:9000/health/live >/dev/null 2>&1; then ok=ok; break; fi
  kill -0 \$PID 2>/dev/null || break; sleep 1; i=\$((i+1))
done
echo "@@ start \$ok"
if [ \$ok = ok ]; then
  head -c 5242880 /dev/urandom > /tmp/obj
  SHA=\$(sha256sum /tmp/obj | cut -d' ' -f1); E=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
  S="curl -sS --max-time 900 --aws-sigv4 aws:amz:us-east-1:s3 --user granaryadmin:granaryadmin"
  c1=\$(\$S -o /dev/null -w '%{http_code}' -H "x-amz-content-sha256: \$E" -X PUT http://127.0.0.1:9000/kernel16k)
  c2=\$(\$S -o /dev/null -w '%{http_code}' -H "x-amz-content-sha256: \$SHA" -T /tmp/obj http://127.0.0.1:9000/kernel16k/obj5m)
  c3=\$(\$S -o /tmp/got -w '%{http_code}' -H "x-amz-content-sha256: \$E" http://127.0.0.1:9000/kernel16k/obj5m)
  if [ "\$c1\$c2\$c3" = 200200200 ] && [ "\$(sha256sum /tmp/got | cut -d' ' -f1)" = "\$SHA" ]; then echo "@@ putget ok"
  else echo "@@ putget FAIL(mb=\$c1,put=\$c2,get=\$c3)"; fi
fi
kill -TERM \$PID; i=0
while kill -0 \$PID 2>/dev/null && [ \$i -lt 300 ]; do sleep 1; i=\$((i+1)); done
wait \$PID; rc=\$?
if grep -q "Granary stopped" /tmp/server.log; then echo "@@ stop ok(rc=\$rc)"; else echo "@@ stop FAIL(rc=\$rc)"; fi
grep -E "platform:|listening|WARN NativeTransports" /tmp/server.log | sed 's/^/@@ log /'
echo "@@ done"
poweroff -f
INIT
chmod +x "$GR/init"
log "packing initramfs ($(du -sh "$GR" | cut -f1))"
(cd "$GR" && find . -print0 | cpio --null -o -H newc --quiet) > "$KW/initramfs.cpio"

log "booting $(basename "$KDIR"/boot/vmlinuz-*) under qemu-system-aarch64 (slow)"
OUT="$KW/console.log"
timeout 5400 qemu-system-aarch64 -M virt -cpu max -smp 2 -m 4096 -nographic -no-reboot -nic none \
  -kernel "$KW/Image" -initrd "$KW/initramfs.cpio" -append "console=ttyAMA0 rdinit=/init panic=-1 quiet" \
  > "$OUT" 2>&1
grep '^@@' "$OUT" | tr -d '\r' | sed 's/^@@ //' | grep -v '^log ' >&2
grep -q '^@@ done' <(tr -d '\r' < "$OUT") || { log "guest did not finish; see $OUT"; exit 1; }

# --- result row -> docs ----------------------------------------------------------------------------------------
C=$(tr -d '\r' < "$OUT")
val() { grep -m1 "^@@ $1 " <<< "$C" | cut -d' ' -f3-; }
INFO_JSON=$(sed -n '/^@@ info-begin/,/^@@ info-end/p' <<< "$C" | sed '1d;$d')
read -r info transport alloc libc page < <(python3 - "$INFO_JSON" <<'PY'
import json, sys
t = sys.argv[1]; s = t.find('{'); e = t.rfind('}')
try:
    j = json.loads(t[s:e + 1]); p, c = j["platform"], j["choices"]
    ok = p["pageSize"]["value"] == 16384 and p["arch"]["normalised"] == "AARCH64" and c["allocator"]["kind"] == "ADAPTIVE"
    print("ok" if ok else "FAIL", c["transport"]["chosen"], c["allocator"]["kind"], str(p["libc"]["value"]).lower(), p["pageSize"]["value"])
except Exception:
    print("FAIL ? ? ? ?")
PY
)
KVER=$(grep -m1 '^@@ kernel' <<< "$C" | awk '{print $3}')
RES="$KW/results.tsv"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' aarch64 "${page:-16384}" "$libc" "$(val version)" "$info" \
  "$(val start)" "$(val putget)" "$(val stop)" "$transport" "$alloc" \
  "real 16K kernel $KVER (qemu-system-aarch64 -M virt -cpu max)${GRANARY_XARCH_NOTE:+; $GRANARY_XARCH_NOTE}" > "$RES"
cat "$RES" >&2
if [[ ${GRANARY_XARCH_DOCS:-1} != 0 ]]; then
  python3 "$HERE/update-matrix.py" "$ROOT/docs/PLATFORMS.md" "$RES" "$(date -u +%F)" "-" \
    "qemu-system $(qemu-system-aarch64 --version | head -1 | awk '{print $4}') kernel" --how "qemu-system + real 16K kernel"
fi
grep -q FAIL "$RES" && exit 1 || exit 0
