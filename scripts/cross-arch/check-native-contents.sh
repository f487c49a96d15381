#!/usr/bin/env bash
# Lists the native libraries inside the distribution jar per target and checks them against the
# "Native pieces per target" table of docs/PLATFORMS.md (a dependency-tree check per target).
# Usage: scripts/cross-arch/check-native-contents.sh [JAR]   (default granary-server/target/granary.jar)
# Exit 0 when the jar ships exactly what the doc promises, 1 otherwise.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${1:-$ROOT/granary-server/target/granary.jar}
[[ -f $JAR ]] || { echo "no jar at $JAR (build it first)" >&2; exit 2; }
python3 - "$JAR" "$ROOT/docs/PLATFORMS.md" <<'PY'
import re, sys, zipfile
jar, doc = sys.argv[1], sys.argv[2]
# libnetty_transport_native_<name>[42]_<arch>.so  ->  (netty-transport-native-<name>, linux-<arch>)
shipped = set()
for n in zipfile.ZipFile(jar).namelist():
    m = re.fullmatch(r"META-INF/native/libnetty_transport_native_([a-z_]+?)(?:42)?_(x86_64|aarch_64)\.so", n)
    if m:
        shipped.add(("netty-transport-native-" + m.group(1), "linux-" + m.group(2)))
    elif n.startswith("META-INF/native/") and n.endswith((".so", ".dylib", ".dll", ".jnilib")):
        shipped.add(("unknown:" + n, "?"))
text = open(doc).read()
section = text.split("## Native pieces per target", 1)[1].split("\n## ", 1)[0]
promised = set()
for line in section.splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) >= 2 and cells[0] not in ("Target", "---") and not set(cells[0]) <= {"-"}:
        for art, cls in re.findall(r"(netty-transport-native-[a-z_]+) `([a-z0-9_-]+)`", cells[1]):
            promised.add((art, cls))
by_target = {}
for art, cls in sorted(shipped):
    by_target.setdefault(cls, []).append(art)
for cls, arts in sorted(by_target.items()):
    print("%-16s %s" % (cls, ", ".join(arts)))
missing, extra = promised - shipped, shipped - promised
for a in sorted(missing): print("MISSING (documented, not in jar): %s %s" % a)
for a in sorted(extra): print("UNDOCUMENTED (in jar, not in docs): %s %s" % a)
print("native contents match docs/PLATFORMS.md" if not (missing or extra) else "MISMATCH")
sys.exit(1 if (missing or extra) else 0)
PY
