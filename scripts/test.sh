#!/usr/bin/env bash
# Build and run the test suite against a fresh local Kafka broker.
#
#   bash scripts/test.sh                 # everything
#   bash scripts/test.sh --filter X      # extra arguments go to `swift test`
#
# Steps: scripts/setup.sh, scripts/broker.sh start --fresh (stopped again on exit,
# unless it was already running before), swift build --build-tests, then three swift test lanes:
# the in-process suites; the suites that run processes (velo-sql server, velo-cli, the REPL in
# tmux); the parser fuzz lanes alone (they keep both cores busy for about half a minute, which
# would starve the broker and the timing-sensitive Kafka tests if run beside them).
# Exports KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$VELO_KAFKA_PORT for the tests.
#
# VELO_TEST_PARALLEL: unset/empty = swift test's defaults; 0 = --no-parallel;
# 1 = --parallel; N > 1 = --parallel --num-workers N.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

section() { printf '==> %s\n' "$*"; }

parallel_args=()
case "${VELO_TEST_PARALLEL:-}" in
  '') ;;
  0) parallel_args=(--no-parallel) ;;
  1) parallel_args=(--parallel) ;;
  *) is_uint "$VELO_TEST_PARALLEL" \
       || die "VELO_TEST_PARALLEL must be 0, 1 or a worker count, got '$VELO_TEST_PARALLEL'"
     parallel_args=(--parallel --num-workers "$VELO_TEST_PARALLEL") ;;
esac

cd "$VELO_ROOT"

section "setup"
bash "$VELO_SCRIPTS/setup.sh"

section "broker"
stop_broker=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$stop_broker" = "1" ]; then
    section "stop broker"
    bash "$VELO_SCRIPTS/broker.sh" stop || note "warning: could not stop the broker; run: bash scripts/broker.sh stop"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if bash "$VELO_SCRIPTS/broker.sh" status >/dev/null 2>&1; then
  note "using the broker already running on port $KAFKA_PORT (not fresh; left running afterwards)"
  bootstrap="$(bash "$VELO_SCRIPTS/broker.sh" start)"
else
  stop_broker=1
  bootstrap="$(bash "$VELO_SCRIPTS/broker.sh" start --fresh)"
fi
export KAFKA_BOOTSTRAP_SERVERS="$bootstrap"
echo "KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS"

section "build"
swift build --build-tests

if [ "$#" -gt 0 ]; then
  section "test $*"
  swift test ${parallel_args[@]+"${parallel_args[@]}"} "$@"
  exit 0
fi

# The suites that start processes (velo-sql servers, velo-cli, tmux) run in a lane of their own:
# beside the in-process suites they would starve the broker and the timing of everything else.
process_suites='VeloCLIEndToEndTests|VeloREPLTests|VeloServerTests.ServerRestartTests|VeloServerTests.ServerCommandTests|VeloRuntimeTests.RunCommandTests'

section "test (in-process suites)"
swift test ${parallel_args[@]+"${parallel_args[@]}"} --skip FuzzTests --skip GoldenTests --skip "$process_suites"

# The golden files (both lanes) keep the broker busy with hundreds of short jobs: on their own, so
# the timing checks of the server suites above do not measure the broker's queue.
section "test (golden SQL files: in memory and against the broker)"
swift test ${parallel_args[@]+"${parallel_args[@]}"} --filter GoldenTests

# A broker of our own starts this lane empty: the lanes before leave it holding every record they
# wrote, and it saves all it holds about once a second, which slows its answers past consumers'
# session timeouts once the kill tests add their records.
if [ "$stop_broker" = "1" ]; then
  section "fresh broker for the process suites"
  bash "$VELO_SCRIPTS/broker.sh" stop
  bootstrap="$(bash "$VELO_SCRIPTS/broker.sh" start --fresh)"
  export KAFKA_BOOTSTRAP_SERVERS="$bootstrap"
fi

section "test (process suites: velo-sql server, velo-cli, the REPL through tmux)"
# One test at a time unless VELO_TEST_PARALLEL says otherwise: run together, these suites' servers,
# kill tests and consumers sometimes stalled the broker past consumers' session timeouts (about a
# minute instead of half a minute; worth it).
process_args=(--no-parallel)
[ -z "${VELO_TEST_PARALLEL:-}" ] || process_args=(${parallel_args[@]+"${parallel_args[@]}"})
swift test ${process_args[@]+"${process_args[@]}"} --filter "$process_suites"

section "fuzz (Tests/VeloSQLTests/FuzzTests.swift, docs/fuzzing.md)"
swift test --filter FuzzTests
