# Start, check and stop the stack's processes: pid files in $RUN_DIR, logs in $LOG_DIR.
# shellcheck shell=bash

say() { printf '[stack] %s\n' "$*" >&2; }

pid_of() { local f="$RUN_DIR/$1.pid"; [ -f "$f" ] && cat "$f" || true; }

is_running() {
  local pid
  pid=$(pid_of "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# fail NAME MESSAGE: names the part and its log, shows the log's tail, exits non-zero.
fail() {
  local log="$LOG_DIR/$1.log"
  say "FAILED: $1 $2"
  say "log: $log"
  [ -f "$log" ] && tail -n 25 "$log" | sed 's/^/    /' >&2
  exit 1
}

# spawn NAME PORT CMD...: starts CMD detached in its own session unless NAME already runs.
spawn() {
  local name=$1 port=$2; shift 2
  if is_running "$name"; then return 0; fi
  if [ -n "$port" ] && port_busy "$port"; then
    fail "$name" "cannot start: port $port is already in use by another program (set SKILLPOD_*_PORT to move it)"
  fi
  [ -x "$1" ] || command -v "$1" >/dev/null || fail "$name" "cannot start: $1 not found (run scripts/install-deps.sh)"
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  setsid nohup "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
  say "started $name (pid $!)"
}

# await NAME TIMEOUT CHECK...: waits until CHECK succeeds; fails naming the part if it dies or times out.
await() {
  local name=$1 timeout=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ "$name" != postgres ] && ! is_running "$name"; then fail "$name" "exited during start-up"; fi
    if [ $SECONDS -ge $deadline ]; then fail "$name" "not healthy after ${timeout}s"; fi
    sleep 0.5
  done
  say "$name is healthy"
}

# halt NAME: SIGTERM to the process group, then SIGKILL after a grace period.
halt() {
  local name=$1 pid
  pid=$(pid_of "$name")
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    say "stopped $name"
  fi
  rm -f "$RUN_DIR/$name.pid"
}
