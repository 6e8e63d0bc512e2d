#!/usr/bin/env bash
# The demo: a streaming SQL application over a live trade feed, on a local broker.
#
#   bash scripts/demo.sh                   # the first build takes a few minutes; then DEMO_SECONDS
#   DEMO_SECONDS=15 bash scripts/demo.sh   # a shorter run
#
# Steps: scripts/setup.sh (installs what is missing), a fresh local broker on
# 127.0.0.1:$VELO_KAFKA_PORT (an already running one is used as it is, and left running),
# swift build of velo-sql and velo-gen (debug), then for DEMO_SECONDS:
#   velo-gen trades                    ~DEMO_RATE equity trades/s into the topic `trades`
#   velo-sql run queries/trading_demo.sql   two jobs: `large_trades` (trades worth $50,000 or
#                                      more, enriched) and `venue_alerts` (1,000+ shares on ARCA/BATS)
#   kcat                               prints what the jobs write, live: TOPIC  KEY  JSON
# then stops the generator and the engine with SIGINT (both flush and commit), stops the broker
# if this script started it, and prints a summary. Needs no terminal (CI: `< /dev/null`).
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
OUTPUT_TOPICS=(large_trades venue_alerts)

LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/velo-demo.XXXXXX")"
GEN_LOG="$LOG_DIR/velo-gen.log"
SQL_LOG="$LOG_DIR/velo-sql.log"
GEN_PID=""
SQL_PID=""
KCAT_PIDS=()
TAIL_PID=""
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

# stop_viewers: the kcat consumers, then the display (it prints what they wrote last, then ends).
stop_viewers() {
  local pid
  for pid in ${KCAT_PIDS[@]+"${KCAT_PIDS[@]}"}; do stop_process "$pid" TERM 5; done
  KCAT_PIDS=()
  stop_process "$TAIL_PID" TERM 3
  TAIL_PID=""
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
  # Generator first (no more input), then the engine (it commits what it delivered), then the viewers.
  stop_process "$GEN_PID" INT 20
  stop_process "$SQL_PID" INT 30
  stop_viewers
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

# shown TOPIC: how many records of TOPIC the viewers have received
shown() { grep -c "^$1  " "$OUTPUT" || true; }

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
section "build velo-sql and velo-gen (swift build${BUILD_FLAGS[*]:+ ${BUILD_FLAGS[*]}}; debug unless -c release)"
# One product per call: given --product twice, swift build builds only the last one.
swift build ${BUILD_FLAGS[@]+"${BUILD_FLAGS[@]}"} --product velo-sql
swift build ${BUILD_FLAGS[@]+"${BUILD_FLAGS[@]}"} --product velo-gen
BIN_DIR="$(swift build ${BUILD_FLAGS[@]+"${BUILD_FLAGS[@]}"} --show-bin-path)"
VELO_SQL="$BIN_DIR/velo-sql"
VELO_GEN="$BIN_DIR/velo-gen"
if [ ! -x "$VELO_SQL" ] || [ ! -x "$VELO_GEN" ]; then
  die "the build did not produce $VELO_SQL and $VELO_GEN"
fi

START_MS="$(date +%s%3N)"

section "start the SQL jobs: velo-sql run $SQL_FILE"
sed -n 's/^-- @name: /    job: /p' "$SQL_FILE"
"$VELO_SQL" run "$SQL_FILE" --brokers "$BROKERS" </dev/null >"$SQL_LOG" 2>&1 &
SQL_PID=$!
# The jobs create their output topics when they start; wait for them before watching them.
deadline=$(( $(date +%s) + 60 ))
for topic in "${OUTPUT_TOPICS[@]}"; do
  until topic_exists "$topic"; do
    check_running
    [ "$(date +%s)" -lt "$deadline" ] || { show_log velo-sql "$SQL_LOG"; die "velo-sql did not create the topic $topic within 60 s"; }
    sleep 0.3
  done
done

section "watch the output topics (kcat: TOPIC  KEY  JSON), live for ${DEMO_SECONDS}s"
# One consumer per topic from the demo's start time (nothing older, nothing of this run missed).
# Both append whole lines (line-buffered) to one file, which tail shows as it grows.
OUTPUT="$LOG_DIR/output.txt"
: >"$OUTPUT"
for topic in "${OUTPUT_TOPICS[@]}"; do
  stdbuf -oL kcat -C -b "$BROKERS" -t "$topic" -o "s@$START_MS" -q -f '%t  %k  %s\n' \
    </dev/null >>"$OUTPUT" 2>>"$LOG_DIR/kcat.log" &
  KCAT_PIDS+=("$!")
done
tail -n +1 -s 0.5 -f --pid="${KCAT_PIDS[${#KCAT_PIDS[@]}-1]}" "$OUTPUT" </dev/null &
TAIL_PID=$!

section "start the trade feed: velo-gen trades --rate $DEMO_RATE (topic trades)"
"$VELO_GEN" trades --brokers "$BROKERS" --topic trades --rate "$DEMO_RATE" </dev/null >"$GEN_LOG" 2>&1 &
GEN_PID=$!

end=$(( $(date +%s) + DEMO_SECONDS ))
while [ "$(date +%s)" -lt "$end" ]; do
  check_running
  # In the background, so that Ctrl-C or SIGTERM runs the trap at once.
  sleep 0.5 &
  SLEEP_PID=$!
  wait "$SLEEP_PID" || true
  SLEEP_PID=""
done

section "stop: the generator, then the jobs (SIGINT: they flush and commit)"
stop_process "$GEN_PID" INT 20
GEN_PID=""
[ "$STOP_STATUS" -eq 0 ] || { show_log velo-gen "$GEN_LOG"; die "velo-gen failed (status $STOP_STATUS; see above)"; }
sleep 2  # let the jobs catch up with the last trades
stop_process "$SQL_PID" INT 30
SQL_PID=""
[ "$STOP_STATUS" -eq 0 ] || { show_log velo-sql "$SQL_LOG"; die "velo-sql failed (status $STOP_STATUS; see above)"; }

# --- summary ------------------------------------------------------------------------------
produced="$(sed -n 's/^velo-gen: produced \([0-9][0-9]*\) trades.*/\1/p' "$GEN_LOG" | tail -n 1)"
[ -n "$produced" ] || { show_log velo-gen "$GEN_LOG"; die "velo-gen did not report how many trades it produced"; }
job_line() { grep -E "^$1: " "$SQL_LOG" | tail -n 1; }
job_out() { job_line "$1" | sed -n 's/.* \([0-9][0-9]*\) out,.*/\1/p'; }
job_in() { job_line "$1" | sed -n 's/^[^,]*, \([0-9][0-9]*\) in,.*/\1/p'; }
large_out="$(job_out large_trades)"
alerts_out="$(job_out venue_alerts)"
large_in="$(job_in large_trades)"
if [ -z "$large_out" ] || [ -z "$alerts_out" ]; then
  show_log velo-sql "$SQL_LOG"
  die "velo-sql did not report its jobs' counts"
fi
# Let the viewers catch up with everything the jobs wrote (at most 10 s), then stop them.
for _ in $(seq 50); do
  [ "$(shown large_trades)" -ge "$large_out" ] && [ "$(shown venue_alerts)" -ge "$alerts_out" ] && break
  sleep 0.2
done
stop_viewers

section "summary"
printf '  %-30s %s\n' "trades produced (velo-gen)" "$produced"
printf '  %-30s %s\n' "trades read by the jobs" "${large_in:-?}"
printf '  %-30s %s   (read back from the topic large_trades: %s)\n' "large trades written" "$large_out" "$(shown large_trades)"
printf '  %-30s %s   (read back from the topic venue_alerts: %s)\n' "venue alerts written" "$alerts_out" "$(shown venue_alerts)"
grep -E "^(large_trades|venue_alerts): " "$SQL_LOG" | sed 's/^/  velo-sql: /'
if [ "$STARTED_BROKER" = "0" ]; then
  printf '  the broker keeps the topics: kcat -C -b %s -t large_trades -o beginning -e\n' "$BROKERS"
fi
FINISHED=1
