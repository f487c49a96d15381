#!/usr/bin/env bash
# Builds an AArch64 sysroot holding Debian trixie's openjdk-25-jre-headless:arm64 and its dependencies, without
# touching the machine's own apt setup: a private apt state/cache/sources folder is used, .deb files are fetched
# with `apt-get download` and unpacked with `dpkg -x`.
#
# Usage: fetch-aarch64-jdk.sh SYSROOT   (prints the path of the aarch64 `java` binary on success)
# The Debian mirror host is taken from the machine's own apt sources at run time (never hard-coded).
set -euo pipefail

SYSROOT=${1:?usage: fetch-aarch64-jdk.sh SYSROOT}
SUITE=${GRANARY_XARCH_SUITE:-trixie}
PKG=${GRANARY_XARCH_JDK_PKG:-openjdk-25-jre-headless}
mkdir -p "$SYSROOT"
SYSROOT=$(cd "$SYSROOT" && pwd)

find_java() { find "$SYSROOT/usr/lib/jvm" -path '*/bin/java' -type f 2>/dev/null | head -1; }
if [[ -f "$SYSROOT/.complete" && -n "$(find_java)" ]]; then find_java; exit 0; fi

# --- the mirror: same host the machine uses for Debian (bookworm), read from its own config -----------------------
mirror_from_config() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    # deb822: "URIs: <url>/debian" in a stanza whose Suites mention bookworm (not -security)
    awk 'BEGIN{RS=""} /Suites:[^\n]*bookworm([ \n]|-updates)/ && !/debian-security/ {
           if (match($0, /URIs:[ \t]*[^ \t\n]+/)) { u=substr($0, RSTART, RLENGTH); sub(/URIs:[ \t]*/, "", u); print u; exit } }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    awk '$1=="deb" && /bookworm/ && !/security/ { for (i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f"
  done
}
MIRROR=${GRANARY_XARCH_MIRROR:-$(mirror_from_config | head -1)}
[[ -n "$MIRROR" ]] || { echo "no Debian mirror found in /etc/apt sources" >&2; exit 2; }

# --- a private apt configuration --------------------------------------------------------------------------------
APTDIR="$SYSROOT/../apt-private"
mkdir -p "$APTDIR"/{etc/sources.list.d,etc/preferences.d,state/lists/partial,cache/archives/partial,debs}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
echo "deb [arch=arm64 signed-by=$KEYRING] $MIRROR $SUITE main" > "$APTDIR/etc/sources.list"
: > "$APTDIR/state/status"
APT_OPTS=(
  -o "Dir::Etc::sourcelist=$APTDIR/etc/sources.list"
  -o "Dir::Etc::sourceparts=$APTDIR/etc/sources.list.d"
  -o "Dir::Etc::preferences=$APTDIR/etc/preferences"
  -o "Dir::Etc::preferencesparts=$APTDIR/etc/preferences.d"
  -o "Dir::State=$APTDIR/state"
  -o "Dir::State::status=$APTDIR/state/status"
  -o "Dir::Cache=$APTDIR/cache"
  -o "APT::Architecture=arm64"
  -o "APT::Architectures::=arm64"
  -o "Acquire::Languages=none"
  -o "Debug::NoLocking=1"
  -o "APT::Sandbox::User=root"
)
echo "[fetch] apt update ($SUITE arm64, private state in $APTDIR)" >&2
apt-get "${APT_OPTS[@]}" -qq update >&2

# --- the package and its dependency closure (Depends/PreDepends only) ---------------------------------------------
echo "[fetch] resolving dependencies of $PKG" >&2
mapfile -t PKGS < <(apt-cache "${APT_OPTS[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances "$PKG" | grep -v '^ ' | grep -v '^<' | sed 's/:arm64$//' | sort -u)
# Packages the JVM never needs at run time and that only pull in huge trees (perl, debconf scripts, systemd...).
SKIP_RE='^(debconf|perl|perl-base|perl-modules-.*|libperl.*|dpkg|systemd.*|adduser|passwd|login|util-linux.*|base-files|ca-certificates|ca-certificates-java|java-common|openssl|coreutils|tar|bash|dash|sed|grep|gzip|mount|init-system-helpers|debianutils|sensible-utils|libpam.*|libsystemd.*|libudev.*)$'
WANT=()
for p in "${PKGS[@]}"; do [[ $p =~ $SKIP_RE ]] || WANT+=("$p"); done
echo "[fetch] downloading ${#WANT[@]} packages" >&2
(cd "$APTDIR/debs" && apt-get "${APT_OPTS[@]}" -qq download "${WANT[@]}" >&2)

# --- unpack into the sysroot, fix links ----------------------------------------------------------------------------
for d in "$APTDIR"/debs/*.deb; do dpkg -x "$d" "$SYSROOT"; done
for l in lib bin sbin; do
  [[ -e "$SYSROOT/$l" || -L "$SYSROOT/$l" ]] || ln -s "usr/$l" "$SYSROOT/$l"
done
# Absolute symlinks (e.g. .../conf/security/java.security -> /etc/java-25-openjdk/...) must point inside SYSROOT.
while IFS= read -r -d '' link; do
  target=$(readlink "$link")
  if [[ $target == /* ]]; then ln -sfn "$SYSROOT$target" "$link"; fi
done < <(find "$SYSROOT" -type l -print0)
touch "$SYSROOT/.complete"
JAVA=$(find_java)
[[ -n "$JAVA" ]] || { echo "no java binary found in $SYSROOT" >&2; exit 3; }
echo "$JAVA"
