# shellcheck shell=bash
# find_java25: prints the home of a JDK 25 or newer, or explains how to get one and returns 1.
# Order: $JAVA_HOME, the `java` on PATH, then the usual JVM folders of Linux, macOS and SDKMAN.

_java_major() { # $1 = a JDK home; prints its feature version (25, 26, ...) or nothing
  local home=$1 v=""
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ] && [ -x "$home/bin/java" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  printf '%s' "$v"
}

_is_jdk25() { # a home with java and javac, feature version >= 25
  local home=$1 v
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  v=$(_java_major "$home")
  [ -n "$v" ] && [ "$v" -ge 25 ]
}

find_java25() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && _is_jdk25 "$JAVA_HOME"; then printf '%s\n' "$JAVA_HOME"; return 0; fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if _is_jdk25 "$candidate"; then printf '%s\n' "$candidate"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* \
                   "$HOME"/.jdks/*; do
    [ -d "$candidate" ] || continue
    if _is_jdk25 "$candidate"; then printf '%s\n' "$candidate"; return 0; fi
  done
  cat >&2 <<'MSG'
Granary needs a JDK 25 or newer, and none was found (looked at $JAVA_HOME, the java on PATH, /usr/lib/jvm,
/Library/Java/JavaVirtualMachines, ~/.sdkman). Install one, for example:
  Debian/Ubuntu:  sudo apt-get install openjdk-25-jdk-headless   (or Eclipse Temurin 25)
  macOS:          brew install --cask temurin@25
  SDKMAN:         sdk install java 25-tem
then run this again, or point JAVA_HOME at it.
MSG
  return 1
}
