# shellcheck shell=bash disable=SC2034  # variables are used by the scripts that source this
# Shared helpers for the scripts in this folder. Source it, don't run it:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Environment (all optional):
#   VELO_BROKER_HOME          broker install + state root (default $HOME/.cache/velostream/broker)
#   VELO_KAFKA_PORT           broker port on 127.0.0.1                  (default 9092)
#   VELO_KAFKA_START_TIMEOUT  seconds to wait for the broker to answer  (default 30)
#   VELO_KAFKA_STOP_TIMEOUT   seconds to wait after SIGTERM             (default 60)
#   VELO_VERBOSE=1            print progress messages
#   PYTHON                    python used for pip and the probe         (default python3)

# --- paths ----------------------------------------------------------------------
VELO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
VELO_SCRIPTS="$VELO_ROOT/scripts"

NOIDA_VERSION="0.2.3"
# sha256 of noida_db-0.2.3-py3-none-manylinux_2_17_x86_64.whl
NOIDA_SHA256_X86_64="40a2fb15567e3d344e7483df62bb439e7d64ac6fb232f4f223554aed58204f82"

APT_PACKAGES=(librdkafka-dev libsqlite3-dev libedit-dev pkg-config kcat tmux)

PYTHON="${PYTHON:-python3}"
KAFKA_HOST="127.0.0.1"
KAFKA_PORT="${VELO_KAFKA_PORT:-9092}"
BROKER_HOME="${VELO_BROKER_HOME:-${HOME:-/tmp}/.cache/velostream/broker}"
BROKER_INSTALL_DIR="$BROKER_HOME/noida-db-$NOIDA_VERSION"
BROKER_BIN="$BROKER_INSTALL_DIR/noida_db/noida-db"
BROKER_STATE_DIR="$BROKER_HOME/run-$KAFKA_PORT"
BROKER_DATA_DIR="$BROKER_STATE_DIR/data"
BROKER_LOG="$BROKER_STATE_DIR/broker.log"
BROKER_PID_FILE="$BROKER_STATE_DIR/broker.pid"

# --- messages -------------------------------------------------------------------
VELO_PROG="$(basename "${0:-velo}" .sh)"
log()  { if [ "${VELO_VERBOSE:-0}" = "1" ]; then printf '%s: %s\n' "$VELO_PROG" "$*" >&2; fi; }
note() { printf '%s: %s\n' "$VELO_PROG" "$*" >&2; }
die()  { printf '%s: error: %s\n' "$VELO_PROG" "$*" >&2; exit 1; }

is_uint() { case "$1" in ''|*[!0-9]*) return 1 ;; *) return 0 ;; esac; }

check_port_settings() {
  if ! is_uint "$KAFKA_PORT" || [ "$KAFKA_PORT" -lt 1 ] || [ "$KAFKA_PORT" -gt 65535 ]; then
    die "VELO_KAFKA_PORT must be a port number (1-65535), got '$KAFKA_PORT'"
  fi
}

# Run a command as root: directly when root, through sudo when it exists.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root to run '$*' and sudo is not installed; run it as root, then re-run $VELO_PROG"
  fi
}

# --- apt packages ---------------------------------------------------------------
# A package counts as present when dpkg says it is installed, or when what it
# provides is already there (pkg-config module / command), e.g. built from source.
apt_package_present() {
  local pkg="$1"
  if command -v dpkg-query >/dev/null 2>&1 \
     && [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" = "installed" ]; then
    return 0
  fi
  case "$pkg" in
    librdkafka-dev) pkg_config_has rdkafka ;;
    libsqlite3-dev) pkg_config_has sqlite3 ;;
    libedit-dev)    pkg_config_has libedit ;;
    pkg-config)     command -v pkg-config >/dev/null 2>&1 ;;
    kcat)           command -v kcat >/dev/null 2>&1 || command -v kafkacat >/dev/null 2>&1 ;;
    tmux)           command -v tmux >/dev/null 2>&1 ;;
    *)              return 1 ;;
  esac
}
pkg_config_has() { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$1" 2>/dev/null; }

# apt_install PKG...: installs the given packages (runs apt-get update once first).
APT_UPDATED=0
apt_install() {
  [ "$#" -gt 0 ] || return 0
  command -v apt-get >/dev/null 2>&1 \
    || die "missing packages: $* (no apt-get here: install them with your system's package manager)"
  local out
  out="$(mktemp "${TMPDIR:-/tmp}/velo-apt.XXXXXX")"
  note "installing with apt-get: $*"
  if [ "$APT_UPDATED" = "0" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$out" 2>&1 || {
      tail -n 20 "$out" >&2; rm -f "$out"
      die "apt-get update failed (see above); check the network / apt sources, then re-run $VELO_PROG"
    }
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$out" 2>&1 || {
    tail -n 30 "$out" >&2; rm -f "$out"
    die "apt-get install $* failed (see above); fix the apt error and re-run $VELO_PROG"
  }
  rm -f "$out"
}

install_apt_packages() {
  local pkg missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    apt_package_present "$pkg" || missing+=("$pkg")
  done
  apt_install "${missing[@]}"
  for pkg in "${missing[@]}"; do
    apt_package_present "$pkg" || die "$pkg is still missing after apt-get install"
  done
}

check_swift() {
  if ! command -v swift >/dev/null 2>&1; then
    local hint="install a Swift 6 toolchain (https://www.swift.org/install/linux/) and put its usr/bin on PATH"
    [ -x /opt/swift/usr/bin/swift ] && hint="a toolchain is in /opt/swift: export PATH=/opt/swift/usr/bin:\$PATH"
    die "swift is not on PATH; $hint"
  fi
}

# --- python + pip (for the broker install and the readiness probe) ---------------
ensure_python() {
  command -v "$PYTHON" >/dev/null 2>&1 && return 0
  [ "$PYTHON" = "python3" ] || die "PYTHON=$PYTHON not found; unset PYTHON or point it at a python3"
  apt_install python3
}

ensure_pip() {
  ensure_python
  "$PYTHON" -m pip --version >/dev/null 2>&1 && return 0
  [ "$PYTHON" = "python3" ] || die "$PYTHON has no pip; install pip for it or unset PYTHON"
  apt_install python3-pip
  "$PYTHON" -m pip --version >/dev/null 2>&1 \
    || die "pip still not usable after installing python3-pip; try: $PYTHON -m ensurepip"
}

# --- local broker: noida-db (PyPI), pinned ---------------------------------------
broker_installed() {
  [ -x "$BROKER_BIN" ] && "$BROKER_BIN" version 2>/dev/null | grep -qx "noida-db $NOIDA_VERSION"
}

install_broker() {
  broker_installed && return 0
  ensure_pip
  note "installing noida-db $NOIDA_VERSION (local Kafka broker) into $BROKER_INSTALL_DIR"
  mkdir -p "$BROKER_HOME" || die "cannot create $BROKER_HOME; set VELO_BROKER_HOME to a writable folder"
  local tmp req
  tmp="$(mktemp -d "$BROKER_HOME/.install.XXXXXX")"
  req="$tmp/requirements.txt"
  if [ "$(uname -m)" = "x86_64" ]; then
    printf 'noida-db==%s --hash=sha256:%s\n' "$NOIDA_VERSION" "$NOIDA_SHA256_X86_64" >"$req"
  else
    printf 'noida-db==%s\n' "$NOIDA_VERSION" >"$req"
  fi
  if ! "$PYTHON" -m pip install --quiet --disable-pip-version-check --no-input --no-deps \
        --only-binary=:all: --no-compile --target "$tmp/pkg" -r "$req" >"$tmp/pip.log" 2>&1; then
    cat "$tmp/pip.log" >&2
    rm -rf "$tmp"
    die "pip install noida-db==$NOIDA_VERSION failed (see above); check that PyPI is reachable (a hash mismatch means a wrong or tampered download)"
  fi
  [ -f "$tmp/pkg/noida_db/noida-db" ] || { rm -rf "$tmp"; die "the noida-db wheel has no noida_db/noida-db binary"; }
  chmod 0755 "$tmp/pkg/noida_db/noida-db"
  rm -rf "$BROKER_INSTALL_DIR"
  mv "$tmp/pkg" "$BROKER_INSTALL_DIR"
  rm -rf "$tmp"
  broker_installed || die "installed broker does not run: $BROKER_BIN version (needs glibc >= 2.17 on Linux)"
}
