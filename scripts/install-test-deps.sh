#!/usr/bin/env bash
# Installs the real S3 clients that the granary-it integration tests drive:
#   - aws-cli v2 at /usr/bin/aws (Debian package "awscli"), rclone and s3cmd (Debian packages)
#   - boto3 (and aws-cli v1, which pip installs as "aws" on PATH) for python3
# Idempotent: installs only what is missing, then prints what it found.
# Exit status: 0 when every client is present afterwards, 1 otherwise.
set -uo pipefail

log() { printf '[install-test-deps] %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    log "not root and sudo is not available: cannot install Debian packages"
  fi
fi

# ---------------------------------------------------------------- Debian packages
missing_pkgs=()
[ -x /usr/bin/aws ] || missing_pkgs+=(awscli)
command -v rclone >/dev/null 2>&1 || missing_pkgs+=(rclone)
command -v s3cmd >/dev/null 2>&1 || missing_pkgs+=(s3cmd)
# Intel ISA-L, so the tests cover the native erasure kernel too (without it that kernel reports itself unavailable).
ldconfig -p 2>/dev/null | grep -q 'libisal\.so\.2' || missing_pkgs+=(libisal2)

if [ "${#missing_pkgs[@]}" -gt 0 ]; then
  log "missing: ${missing_pkgs[*]}; installing them with apt-get"
  if ! command -v apt-get >/dev/null 2>&1; then
    log "ERROR: apt-get not found; install awscli (v2 at /usr/bin/aws), rclone and s3cmd by hand"
  else
    $SUDO apt-get update || log "WARNING: apt-get update failed"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing_pkgs[@]}" \
      || log "ERROR: apt-get install ${missing_pkgs[*]} failed"
  fi
else
  log "Debian clients already present (aws v2, rclone, s3cmd): nothing to install"
fi

# ---------------------------------------------------------------- python3 / boto3
PY="${PYTHON:-python3}"
if ! command -v "$PY" >/dev/null 2>&1; then
  log "ERROR: $PY not found on PATH; boto3 tests need python3 with boto3"
elif "$PY" -c 'import boto3' >/dev/null 2>&1; then
  log "$PY already has boto3"
else
  log "$PY has no boto3; trying: $PY -m pip install boto3 awscli"
  if ! "$PY" -m pip install boto3 awscli; then
    log "ERROR: pip could not install boto3/awscli (only Maven Central, Debian and npm may be reachable here)."
    log "       Provide a python3 with boto3 preinstalled (e.g. a pyenv or venv image), or point PYTHON=... at one."
  fi
fi

# ---------------------------------------------------------------- report
status=0
report() { # name, command...
  local name="$1"; shift
  local out
  # Capture everything, then keep the first line: piping into `head` would let SIGPIPE fail the tool under pipefail.
  if out="$(env -u AWS_CA_BUNDLE "$@" 2>&1)" && out="${out%%$'\n'*}" && [ -n "$out" ]; then
    log "found $name: $out"
  else
    log "MISSING $name ($*)"
    status=1
  fi
}
report "aws-cli v2 (/usr/bin/aws)" /usr/bin/aws --version
path_aws="$(command -v aws 2>/dev/null || true)"
if [ -n "$path_aws" ]; then
  v="$(env -u AWS_CA_BUNDLE "$path_aws" --version 2>&1)"; v="${v%%$'\n'*}"
  log "found aws on PATH ($path_aws): $v"
  case "$v" in aws-cli/1.*) ;; *) log "WARNING: the aws first on PATH is not aws-cli v1; the v1 case of AwsCliTest will not run";; esac
else
  log "WARNING: no aws on PATH (aws-cli v1 comes with 'pip install awscli')"
fi
report "rclone" rclone version
report "s3cmd" s3cmd --version
if command -v "$PY" >/dev/null 2>&1; then
  report "python3 + boto3" "$PY" -c 'import sys, boto3, botocore; print("python", sys.version.split()[0], "boto3", boto3.__version__, "botocore", botocore.__version__)'
else
  log "MISSING python3"; status=1
fi
exit "$status"
