#!/usr/bin/env bash
# Velostream benchmarks (see benchmarks/README.md).
#
#   bash scripts/bench.sh kafka [options]    VeloKafka against plain librdkafka C calls:
#                                            produce, then consume, 1,000,000 100-byte messages
#   bash scripts/bench.sh kafka --help       the suite's options (--messages, --runs, --brokers, ...)
#   bash scripts/bench.sh engine [options]   the engine on Nexmark-style bids (Q0, Q1, Q2), file→file and
#                                            Kafka→Kafka, against floors measured in the same run
#   bash scripts/bench.sh windows [options]  windowed aggregation on Nexmark-style bids (tumbling EMIT
#                                            FINAL/CHANGES, max, session, hopping), file→file against
#                                            the floor and Q0, Kafka→Kafka against librdkafka; peak state
#
# Steps: scripts/setup.sh (installs what is missing; quiet otherwise), makes sure a broker
# answers (scripts/broker.sh start, unless KAFKA_BOOTSTRAP_SERVERS or --brokers names one),
# builds velo-bench in release mode and runs it. The output is also saved to
# benchmarks/results/<suite>-<timestamp>.txt (git-ignored); the last lines are
# `BENCH <name> <value> <unit>`. Exit status: velo-bench's (0 ok, 1 a run failed,
# 2 bad arguments, 3 below --min-ratio, or a missed target under `windows --check-targets`).
#
# Environment: KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:${VELO_KAFKA_PORT:-9092}),
# VELO_BENCH_SKIP_SETUP=1 to skip scripts/setup.sh, VELO_BENCH_SKIP_BUILD=1 to run the last build,
# VELO_BENCH_BUILD_FLAGS for extra `swift build` flags (e.g. "--scratch-path /tmp/velo-build").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
PROG="bench"
note() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die()  { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage: bash scripts/bench.sh <suite> [options]

suites:
  kafka   produce, then consume, N messages through VeloKafka and through plain librdkafka
          C calls in the same run, and compare (bash scripts/bench.sh kafka --help for options)
  engine  1,000,000 Nexmark-style bids through the engine: Q0/Q1/Q2 file→file against a line-copy
          floor, Q0 Kafka→Kafka against plain librdkafka consume+produce
  windows 1,000,000 bids through windowed GROUP BY queries (tumbling EMIT FINAL and EMIT CHANGES,
          max per window, sessions per bidder, hopping per auction), file→file against the
          line-copy floor and Q0, Kafka→Kafka against librdkafka consume+produce, with peak state
          (bash scripts/bench.sh windows --help for options)
EOF
  exit 2
}

[ "$#" -ge 1 ] || usage
SUITE="$1"; shift
case "$SUITE" in
  kafka|engine|windows) ;;
  -h|--help|help) usage ;;
  *) note "unknown suite '$SUITE'"; usage ;;
esac

cd "$ROOT"

# --help needs neither a broker nor setup: build and ask the binary.
WANT_HELP=0
for arg in "$@"; do
  case "$arg" in -h|--help) WANT_HELP=1 ;; esac
done

if [ "$WANT_HELP" = "0" ] && [ "${VELO_BENCH_SKIP_SETUP:-0}" != "1" ] && [ -f scripts/setup.sh ]; then
  bash scripts/setup.sh || die "scripts/setup.sh failed (see above)"
fi
command -v swift >/dev/null 2>&1 || die "swift is not on PATH (run scripts/setup.sh, or put a Swift 6 toolchain's usr/bin on PATH)"

# --- broker ------------------------------------------------------------------------
# The address the benchmark will use: --brokers, else KAFKA_BOOTSTRAP_SERVERS, else the local one.
BROKERS=""
prev=""
for arg in "$@"; do
  case "$arg" in
    --brokers=*) BROKERS="${arg#--brokers=}" ;;
  esac
  [ "$prev" = "--brokers" ] && BROKERS="$arg"
  prev="$arg"
done
EXPLICIT_BROKERS=1
if [ -z "$BROKERS" ]; then
  if [ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
    BROKERS="$KAFKA_BOOTSTRAP_SERVERS"
  else
    BROKERS="127.0.0.1:${VELO_KAFKA_PORT:-9092}"
    EXPLICIT_BROKERS=0
  fi
fi
export KAFKA_BOOTSTRAP_SERVERS="$BROKERS"

# answers HOST:PORT: something accepts TCP connections there (the first address of a list)
answers() {
  local first="${1%%,*}"
  local host="${first%:*}" port="${first##*:}"
  timeout 3 bash -c ">/dev/tcp/$host/$port" 2>/dev/null
}

if [ "$WANT_HELP" = "0" ]; then
  if [ "$EXPLICIT_BROKERS" = "0" ] && [ -f scripts/broker.sh ]; then
    # Starts the project's local broker, or finds it already running. When another process (for
    # example /work/shared/kafka/start-broker.sh) already serves the port, broker.sh refuses;
    # a broker that answers there is used as it is.
    if ! bash scripts/broker.sh start >/dev/null; then
      answers "$BROKERS" || die "no Kafka broker on $BROKERS and 'bash scripts/broker.sh start' failed (see above)"
      note "using the broker already listening on $BROKERS (not started by scripts/broker.sh)"
    fi
  elif ! answers "$BROKERS"; then
    if [ "$EXPLICIT_BROKERS" = "1" ]; then
      die "no Kafka broker answers on $BROKERS"
    fi
    die "no Kafka broker answers on $BROKERS; start one first (bash scripts/broker.sh start, or bash /work/shared/kafka/start-broker.sh)"
  fi
fi

# --- build -------------------------------------------------------------------------------
# shellcheck disable=SC2206  # word splitting of the flags is wanted
BUILD_FLAGS=(-c release ${VELO_BENCH_BUILD_FLAGS:-})
if [ "${VELO_BENCH_SKIP_BUILD:-0}" != "1" ]; then
  note "building velo-bench (swift build ${BUILD_FLAGS[*]} --product velo-bench)"
  swift build "${BUILD_FLAGS[@]}" --product velo-bench >&2 || die "swift build ${BUILD_FLAGS[*]} --product velo-bench failed"
fi
BIN="$(swift build "${BUILD_FLAGS[@]}" --show-bin-path)/velo-bench"
[ -x "$BIN" ] || die "$BIN not found; build it with: swift build -c release --product velo-bench"

if [ "$WANT_HELP" = "1" ]; then
  exec "$BIN" "$SUITE" --help
fi

# --- run -----------------------------------------------------------------------------------
RESULTS="$ROOT/benchmarks/results"
mkdir -p "$RESULTS"
OUT="$RESULTS/$SUITE-$(date -u +%Y%m%d-%H%M%S).txt"

# Ctrl-C leaves the current benchmark topic on the broker, which holds it in memory: remove it.
# shellcheck disable=SC2317  # invoked by the trap
on_interrupt() {
  trap - INT TERM
  note "interrupted; deleting leftover benchmark topics on $BROKERS"
  "$BIN" kafka --cleanup --brokers "$BROKERS" >&2 || true
  exit 130
}
trap on_interrupt INT TERM

{
  echo "# velo-bench $SUITE $*"
  echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "# commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD -- Sources benchmarks 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "# machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1), $(uname -sr)"
  echo "# swift: $(swift --version 2>&1 | head -n 1)"
} | tee "$OUT"

set +e
"$BIN" "$SUITE" "$@" 2>&1 | tee -a "$OUT"
status="${PIPESTATUS[0]}"
set -e
if [ "$status" = "2" ]; then
  rm -f "$OUT" # a usage error measured nothing
else
  note "output saved to ${OUT#"$ROOT"/}"
fi
exit "$status"
