#!/usr/bin/env bash
# The local single-node Kafka-protocol broker (noida-db) used by tests and
# development, on 127.0.0.1:${VELO_KAFKA_PORT:-9092}.
#
#   bash scripts/broker.sh start [--fresh]   start (installing it if needed); prints the
#                                            bootstrap address, e.g. 127.0.0.1:9092;
#                                            --fresh deletes saved topics/offsets/groups first
#   bash scripts/broker.sh stop              SIGTERM (data is saved), SIGKILL after the timeout
#   bash scripts/broker.sh status            exit 0 when running and answering, 3 when not
#
# Environment: VELO_KAFKA_PORT (9092), VELO_KAFKA_START_TIMEOUT (30 s),
# VELO_KAFKA_STOP_TIMEOUT (60 s), VELO_BROKER_HOME ($HOME/.cache/velostream/broker),
# VELO_VERBOSE=1 for progress messages, PYTHON (python3, for the readiness probe).
# State: $VELO_BROKER_HOME/run-PORT/{data/,broker.log,broker.pid}. Only the bootstrap
# address (start) or the status line (status) goes to stdout.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

START_TIMEOUT="${VELO_KAFKA_START_TIMEOUT:-30}"
STOP_TIMEOUT="${VELO_KAFKA_STOP_TIMEOUT:-60}"
ADDR="$KAFKA_HOST:$KAFKA_PORT"

usage() { printf 'usage: bash scripts/broker.sh start [--fresh] | stop | status\n' >&2; exit 2; }

# alive PID: the process exists and is not a zombie
alive() { kill -0 "$1" 2>/dev/null && [ "$(awk '/^State:/{print $2}' "/proc/$1/status" 2>/dev/null)" != "Z" ]; }

# ours_pid: prints the pid of the broker this script started for this port, if it runs
ours_pid() {
  local pid cmd
  [ -f "$BROKER_PID_FILE" ] || return 1
  pid="$(cat "$BROKER_PID_FILE" 2>/dev/null || true)"
  is_uint "$pid" || return 1
  alive "$pid" || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  case "$cmd" in
    *"noida-db start "*"--kafka-port $KAFKA_PORT "*) echo "$pid" ;;
    *) return 1 ;;
  esac
}

# probe: answers a Kafka Metadata (v1) request that lists this port as a broker
probe() {
  "$PYTHON" - "$KAFKA_HOST" "$KAFKA_PORT" <<'PY'
import socket, struct, sys
host, port = sys.argv[1], int(sys.argv[2])
try:
    s = socket.create_connection((host, port), timeout=2)
    s.settimeout(2)
    cid = b"velo-broker-probe"
    # header v1: api_key=3 (Metadata), api_version=1, correlation_id, client_id; body: topics=null
    req = struct.pack(">hhih", 3, 1, 42, len(cid)) + cid + struct.pack(">i", -1)
    s.sendall(struct.pack(">i", len(req)) + req)
    def read(n):
        b = b""
        while len(b) < n:
            chunk = s.recv(n - len(b))
            if not chunk:
                raise EOFError("connection closed")
            b += chunk
        return b
    data = read(struct.unpack(">i", read(4))[0])
    corr, nbrokers = struct.unpack(">ii", data[:8])
    if corr != 42 or nbrokers < 1:
        sys.exit(1)
    i, ports = 8, []
    for _ in range(nbrokers):
        node, hlen = struct.unpack(">ih", data[i:i + 6]); i += 6 + hlen
        ports.append(struct.unpack(">i", data[i:i + 4])[0]); i += 4
        rlen = struct.unpack(">h", data[i:i + 2])[0]; i += 2 + max(rlen, 0)
    sys.exit(0 if port in ports else 2)
except SystemExit:
    raise
except Exception:
    sys.exit(1)
PY
}

port_in_use() { timeout 3 bash -c ">/dev/tcp/$KAFKA_HOST/$KAFKA_PORT" 2>/dev/null; }

# who_listens: "NAME (pid N)" of the listener on the port, when ss can tell
who_listens() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -ltnpH "sport = :$KAFKA_PORT" 2>/dev/null \
    | sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' | head -n 1
}

show_log_tail() {
  [ -s "$BROKER_LOG" ] || return 0
  note "last lines of $BROKER_LOG:"
  grep -v "weak version .GLIBC_" "$BROKER_LOG" | tail -n 20 >&2 || true
}

# wait_ready PID: until the broker answers; fails when it exits or times out
wait_ready() {
  local pid="$1" deadline=$(( $(date +%s) + START_TIMEOUT ))
  while :; do
    if ! alive "$pid"; then
      rm -f "$BROKER_PID_FILE"
      note "error: the broker (pid $pid) exited during start-up"
      show_log_tail
      die "broker did not start on $ADDR; see $BROKER_LOG (try: bash scripts/broker.sh start --fresh)"
    fi
    probe && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then
      note "error: the broker (pid $pid) did not answer a Metadata request on $ADDR within ${START_TIMEOUT}s"
      show_log_tail
      kill -TERM "$pid" 2>/dev/null || true
      rm -f "$BROKER_PID_FILE"
      die "broker start timed out; raise VELO_KAFKA_START_TIMEOUT or check $BROKER_LOG"
    fi
    sleep 0.2
  done
}

lock_state() {
  mkdir -p "$BROKER_STATE_DIR" || die "cannot create $BROKER_STATE_DIR; set VELO_BROKER_HOME to a writable folder"
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$BROKER_STATE_DIR/.lock"
  flock -w $(( START_TIMEOUT + STOP_TIMEOUT + 10 )) 9 \
    || die "another broker.sh is still busy with port $KAFKA_PORT (lock $BROKER_STATE_DIR/.lock)"
}

cmd_start() {
  local fresh=0 pid who
  while [ "$#" -gt 0 ]; do
    case "$1" in
      --fresh) fresh=1 ;;
      *) usage ;;
    esac
    shift
  done
  is_uint "$START_TIMEOUT" || die "VELO_KAFKA_START_TIMEOUT must be whole seconds, got '$START_TIMEOUT'"
  install_broker
  ensure_python
  lock_state

  if pid="$(ours_pid)"; then
    [ "$fresh" = "1" ] && note "--fresh ignored: the broker is already running (pid $pid); run 'bash scripts/broker.sh stop' first to start it empty"
    probe || { log "broker (pid $pid) is running but not answering yet; waiting"; wait_ready "$pid"; }
    log "broker already running on $ADDR (pid $pid)"
    echo "$ADDR"
    return 0
  fi

  rm -f "$BROKER_PID_FILE"
  if port_in_use; then
    who="$(who_listens)"
    die "port $ADDR is already in use by another process${who:+: $who}; stop it, or use another port with VELO_KAFKA_PORT=NNNN"
  fi
  if [ "$fresh" = "1" ]; then
    log "--fresh: deleting $BROKER_DATA_DIR"
    rm -rf "$BROKER_DATA_DIR"
  fi
  mkdir -p "$BROKER_DATA_DIR"
  [ -f "$BROKER_LOG" ] && mv -f "$BROKER_LOG" "$BROKER_LOG.prev"

  # Detached in its own session (Ctrl-C in the caller's terminal does not reach it);
  # the child writes its own pid and closes every inherited descriptor above 2 (the
  # lock, a caller's pipes), so nothing waits on the broker's open file descriptors.
  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  # shellcheck disable=SC2016  # $$, $1 and $fd expand in the child
  ${launcher[@]+"${launcher[@]}"} bash -c '
      echo $$ >"$1"; shift
      for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
      exec "$@"' velo-broker "$BROKER_PID_FILE" \
    "$BROKER_BIN" start --only kafka --host "$KAFKA_HOST" --kafka-port "$KAFKA_PORT" --data-dir "$BROKER_DATA_DIR" \
    </dev/null >>"$BROKER_LOG" 2>&1 9>&- &

  for _ in $(seq 50); do
    pid="$(cat "$BROKER_PID_FILE" 2>/dev/null || true)"
    is_uint "$pid" && break
    sleep 0.1
  done
  is_uint "$pid" || die "could not launch $BROKER_BIN (no pid written to $BROKER_PID_FILE)"
  wait_ready "$pid"
  log "broker ready on $ADDR (pid $pid, data $BROKER_DATA_DIR, log $BROKER_LOG)"
  echo "$ADDR"
}

cmd_stop() {
  [ "$#" -eq 0 ] || usage
  is_uint "$STOP_TIMEOUT" || die "VELO_KAFKA_STOP_TIMEOUT must be whole seconds, got '$STOP_TIMEOUT'"
  [ -f "$BROKER_PID_FILE" ] || { log "no broker running on port $KAFKA_PORT"; return 0; }
  lock_state
  local pid
  if ! pid="$(ours_pid)"; then
    log "broker for port $KAFKA_PORT is not running; removing stale $BROKER_PID_FILE"
    rm -f "$BROKER_PID_FILE"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$(( $(date +%s) + STOP_TIMEOUT ))
  while alive "$pid"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      note "broker (pid $pid) still running ${STOP_TIMEOUT}s after SIGTERM; sending SIGKILL (the last second of changes may be lost)"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  rm -f "$BROKER_PID_FILE"
  log "broker on $ADDR stopped (pid $pid)"
}

cmd_status() {
  [ "$#" -eq 0 ] || usage
  local pid
  if pid="$(ours_pid)"; then
    ensure_python
    if probe; then
      echo "running (pid $pid) on $ADDR"
      return 0
    fi
    echo "not answering: broker process running (pid $pid) but no Metadata answer on $ADDR; see $BROKER_LOG"
    return 3
  fi
  if port_in_use; then
    local who
    who="$(who_listens)"
    echo "not running (port $ADDR is used by another process${who:+: $who})"
  else
    echo "not running ($ADDR)"
  fi
  return 3
}

check_port_settings
[ "$#" -ge 1 ] || usage
cmd="$1"; shift
case "$cmd" in
  start)  cmd_start "$@" ;;
  stop)   cmd_stop "$@" ;;
  status) cmd_status "$@" ;;
  -h|--help|help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) usage ;;
esac
