#!/usr/bin/env bash
# The demo: a streaming SQL application over a live trade feed, run by the job server on a local
# broker and watched with velo-cli.
#
#   bash scripts/demo.sh                   # the first build takes a few minutes; then DEMO_SECONDS
#   DEMO_SECONDS=15 bash scripts/demo.sh   # a shorter run
#
# Steps: scripts/setup.sh (installs what is missing), a fresh local broker on
# 127.0.0.1:$VELO_KAFKA_PORT (an already running one is used as it is, and left running),
# swift build of velo-sql, velo-cli and velo-gen (debug), then:
#   velo-sql server                    the job server on a free port, its registry in a temporary folder
#   velo-cli deploy queries/trading_demo.sql   three jobs: `large_trades` (trades worth $50,000 or
#                                      more, enriched), `venue_alerts` (1,000+ shares on ARCA/BATS),
#                                      `symbol_bars` (5-second bars per symbol: a windowed aggregate)
#   velo-gen trades                    ~DEMO_RATE equity trades/s into the topic `trades`
#   velo-cli query 'SELECT … FROM large_trades'   the job's output as a live table, DEMO_SECONDS long
#   velo-cli jobs, velo-cli health     the jobs' counts and rates; every component's health
# then stops the generator, stops the server with SIGTERM (every job checkpoints and commits), stops
# the broker if this script started it, and prints a summary. Needs no terminal (CI: `< /dev/null`).
#
# Environment: DEMO_SECONDS (30), DEMO_RATE (50 trades/s), VELO_KAFKA_PORT (9092) and the other
# broker settings of scripts/broker.sh; VELO_DEMO_SKIP_SETUP=1 skips scripts/setup.sh;
# VELO_DEMO_BUILD_FLAGS adds `swift build` flags (e.g. "-c release" or "--scratch-path /tmp/velo-build").
# Logs: a temporary folder, printed, kept when something fails.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

section() { printf '==> %s\n' "$*"; }

DEMO_SECONDS="${DEMO_SECONDS:-30}"
DEMO_RATE="${DEMO_RATE:-50}"
if ! is_uint "$DEMO_SECONDS" || [ "$DEMO_SECONDS" -lt 1 ]; then
  die "DEMO_SECONDS must be whole seconds (at least 1), got '$DEMO_SECONDS'"
fi
if ! is_uint "$DEMO_RATE" || [ "$DEMO_RATE" -lt 1 ]; then
  die "DEMO_RATE must be a whole number of trades per second (at least 1), got '$DEMO_RATE'"
fi
check_port_settings

cd "$VELO_ROOT"
SQL_FILE="queries/trading_demo.sql"
OUTPUT_TOPICS=(large_trades venue_alerts symbol_bars)

LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/velo-demo.XXXXXX")"
GEN_LOG="$LOG_DIR/velo-gen.log"
SQL_LOG="$LOG_DIR/velo-sql.log"
GEN_PID=""
SQL_PID=""
SLEEP_PID=""
STARTED_BROKER=0
FINISHED=0

# alive PID: the process exists and is not a zombie
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null && [ "$(awk '/^State:/{print $2}' "/proc/$1/status" 2>/dev/null)" != "Z" ]; }

# stop_process PID SIGNAL SECONDS: send SIGNAL, wait up to SECONDS, then SIGKILL; reaps it and
# leaves its exit status in STOP_STATUS.
STOP_STATUS=0
stop_process() {
  local pid="$1" sig="$2" limit="$3" waited=0
  STOP_STATUS=0
  [ -n "$pid" ] || return 0
  if alive "$pid"; then
    kill "-$sig" "$pid" 2>/dev/null || true
    while alive "$pid" && [ "$waited" -lt $(( limit * 10 )) ]; do sleep 0.1; waited=$(( waited + 1 )); done
    if alive "$pid"; then
      note "warning: pid $pid still running ${limit}s after SIG$sig; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || STOP_STATUS=$?
}

show_log() {  # show_log NAME FILE: its last lines on stderr
  [ -s "$2" ] || return 0
  note "last lines of the $1 log ($2):"
  tail -n 25 "$2" >&2
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$SLEEP_PID" ] || kill "$SLEEP_PID" 2>/dev/null || true
  # Generator first (no more input), then the server (its jobs commit what they delivered).
  stop_process "$GEN_PID" INT 20
  stop_process "$SQL_PID" TERM 40
  if [ "$STARTED_BROKER" = "1" ]; then
    section "stop the broker"
    bash "$VELO_SCRIPTS/broker.sh" stop || note "warning: could not stop the broker; run: VELO_KAFKA_PORT=$KAFKA_PORT bash scripts/broker.sh stop"
  fi
  if { [ "$rc" -eq 0 ] && [ "$FINISHED" = "1" ]; } || [ "$rc" -eq 130 ] || [ "$rc" -eq 143 ]; then
    rm -rf "$LOG_DIR"
  else
    note "the demo did not finish; logs are in $LOG_DIR"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# check_running: fails the demo when the generator or the engine has exited early.
# Exit status 0 means it was stopped from outside (Ctrl-C reaches the whole process group).
check_running() {
  check_one velo-sql "$SQL_PID" "$SQL_LOG"
  check_one velo-gen "$GEN_PID" "$GEN_LOG"
}
check_one() {  # check_one NAME PID LOG
  local status=0
  if [ -z "$2" ] || alive "$2"; then return 0; fi
  wait "$2" 2>/dev/null || status=$?
  if [ "$status" -eq 0 ] || [ "$status" -eq 130 ]; then
    note "$1 was stopped (Ctrl-C?); stopping the demo"
    exit 130
  fi
  show_log "$1" "$3"
  die "$1 exited early with status $status (see above)"
}

# topic_exists TOPIC: the broker knows the topic and it has partitions.
topic_exists() {
  kcat -b "$BROKERS" -L -t "$1" -m 5 2>/dev/null | grep -q "topic \"$1\" with [1-9]"
}

if [ "${VELO_DEMO_SKIP_SETUP:-0}" != "1" ]; then
  section "setup (installs what is missing: apt packages, the local broker; checks swift)"
  bash "$VELO_SCRIPTS/setup.sh"
fi
command -v kcat >/dev/null 2>&1 || die "kcat is missing; run: bash scripts/setup.sh"
check_swift

section "broker on $KAFKA_HOST:$KAFKA_PORT"
if bash "$VELO_SCRIPTS/broker.sh" status >/dev/null 2>&1; then
  note "using the broker already running on port $KAFKA_PORT (not fresh; left running afterwards)"
  BROKERS="$(bash "$VELO_SCRIPTS/broker.sh" start)"
else
  STARTED_BROKER=1
  BROKERS="$(bash "$VELO_SCRIPTS/broker.sh" start --fresh)"
fi
echo "bootstrap servers: $BROKERS"

# shellcheck disable=SC2206  # word splitting of the flags is wanted
BUILD_FLAGS=(${VELO_DEMO_BUILD_FLAGS:-})
section "build velo-sql, velo-cli and velo-gen (swift build${BUILD_FLAGS[*]:+ ${BUILD_FLAGS[*]}}; debug unless -c release)"
# One product per call: given --product twice, swift build builds only the last one.
swift build ${BUILD_FLAGS[@]+"${BUILD_FLAGS[@]}"} --product velo-sql
swift build ${BUILD_FLAGS[@]+"${BUILD_FLAGS[@]}"} --product velo-cli
swift build ${BUILD_FLAGS[@]+"${BUILD_FLAGS[@]}"} --product velo-gen
BIN_DIR="$(swift build ${BUILD_FLAGS[@]+"${BUILD_FLAGS[@]}"} --show-bin-path)"
VELO_SQL="$BIN_DIR/velo-sql"
VELO_CLI="$BIN_DIR/velo-cli"
VELO_GEN="$BIN_DIR/velo-gen"
for binary in "$VELO_SQL" "$VELO_CLI" "$VELO_GEN"; do
  [ -x "$binary" ] || die "the build did not produce $binary"
done

section "start the job server: velo-sql server (state in $LOG_DIR/state)"
"$VELO_SQL" server --port 0 --state-dir "$LOG_DIR/state" --brokers "$BROKERS" </dev/null >"$SQL_LOG" 2>&1 &
SQL_PID=$!
SERVER=""
deadline=$(( $(date +%s) + 30 ))
until [ -n "$SERVER" ]; do
  check_running
  [ "$(date +%s)" -lt "$deadline" ] || { show_log velo-sql "$SQL_LOG"; die "velo-sql server did not start listening within 30 s"; }
  SERVER="$(sed -n 's|^velo-sql server listening on \(http://[0-9.]*:[0-9]*\).*|\1|p' "$SQL_LOG" | head -n 1)"
  [ -n "$SERVER" ] || sleep 0.2
done
cli() { "$VELO_CLI" --server "$SERVER" "$@" </dev/null; }
cli health

section "deploy the SQL application: velo-cli deploy $SQL_FILE"
cli deploy "$SQL_FILE"
# The jobs create their output topics when they start; wait for them before querying them.
deadline=$(( $(date +%s) + 60 ))
for topic in "${OUTPUT_TOPICS[@]}"; do
  until topic_exists "$topic"; do
    check_running
    [ "$(date +%s)" -lt "$deadline" ] || { show_log velo-sql "$SQL_LOG"; die "the jobs did not create the topic $topic within 60 s"; }
    sleep 0.3
  done
done

section "start the trade feed: velo-gen trades --rate $DEMO_RATE (topic trades)"
"$VELO_GEN" trades --brokers "$BROKERS" --topic trades --rate "$DEMO_RATE" </dev/null >"$GEN_LOG" 2>&1 &
GEN_PID=$!

section "watch the job's output live for ${DEMO_SECONDS}s: velo-cli query 'SELECT … FROM large_trades'"
cli query "SELECT symbol, side, quantity, price, notional, size_bucket, venue FROM large_trades;" --timeout "$DEMO_SECONDS"
check_running

section "the jobs now: velo-cli jobs"
cli jobs
section "the last venue alerts: velo-cli query 'SELECT … FROM venue_alerts' --limit 5"
cli query "SELECT * FROM venue_alerts;" --limit 5 --timeout 10

section "5-second bars per symbol (a windowed job, EMIT FINAL): velo-cli query 'SELECT … FROM symbol_bars' --limit 8"
cli query "SELECT symbol, trades, volume, low, high, vwap, bar_start FROM symbol_bars;" --limit 8 --timeout 15

section "stop: the generator, then the server (SIGTERM: every job checkpoints and commits)"
stop_process "$GEN_PID" INT 20
GEN_PID=""
[ "$STOP_STATUS" -eq 0 ] || { show_log velo-gen "$GEN_LOG"; die "velo-gen failed (status $STOP_STATUS; see above)"; }
sleep 2  # let the jobs catch up with the last trades
JOBS_JSON="$(cli --output json jobs)"
stop_process "$SQL_PID" TERM 40
SQL_PID=""
[ "$STOP_STATUS" -eq 0 ] || { show_log velo-sql "$SQL_LOG"; die "velo-sql server failed to stop cleanly (status $STOP_STATUS; see above)"; }

# --- summary ------------------------------------------------------------------------------
produced="$(sed -n 's/^velo-gen: produced \([0-9][0-9]*\) trades.*/\1/p' "$GEN_LOG" | tail -n 1)"
[ -n "$produced" ] || { show_log velo-gen "$GEN_LOG"; die "velo-gen did not report how many trades it produced"; }
# job_stat JOB FIELD: a number from `velo-cli --output json jobs`
job_stat() {
  printf '%s' "$JOBS_JSON" | python3 -c "import json,sys; jobs={j['name']: j for j in json.load(sys.stdin)['jobs']}; print(jobs['$1']['stats']['$2'])" 2>/dev/null || echo "?"
}
section "summary"
printf '  %-30s %s\n' "trades produced (velo-gen)" "$produced"
printf '  %-30s %s\n' "trades read by large_trades" "$(job_stat large_trades recordsIn)"
printf '  %-30s %s\n' "large trades written" "$(job_stat large_trades recordsOut)"
printf '  %-30s %s\n' "venue alerts written" "$(job_stat venue_alerts recordsOut)"
printf '  %-30s %s\n' "5-second bars written" "$(job_stat symbol_bars recordsOut)"
if [ "$STARTED_BROKER" = "0" ]; then
  printf '  the broker keeps the topics: kcat -C -b %s -t large_trades -o beginning -e\n' "$BROKERS"
fi
FINISHED=1
