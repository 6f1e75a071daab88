#!/usr/bin/env bash
# The SkillPod desktop: Xvnc (VncAuth only, an interactive and a view-only password), openbox and a terminal.
# The image's entry point, and what the local stack's desktop runner runs for each Running SkillPod, so the
# flags below are the only copy of them.
#
# Environment (the operator sets these on the desktop container):
#   VNC_PASSWORD, VNC_VIEW_PASSWORD  required; VncAuth uses the first 8 characters of each, which must differ
#   VNC_PORT                         RFB port (the class stream port), default 6901
#   VNC_SEND_CUT_TEXT                1|0: desktop clipboard (CLIPBOARD and PRIMARY) to viewers, default 1
#   VNC_ACCEPT_CUT_TEXT              1|0: viewers' clipboard into the desktop, default 1
#   DESKTOP_DISPLAY                  X display number, default 1 (the runner gives each desktop its own)
#   DESKTOP_GEOMETRY                 default 1280x800
#   DESKTOP_LISTEN_ADDRESS           optional: listen on this address only (unset in a cluster)
#   HOME                             the home volume
set -euo pipefail

fail() { echo "start-desktop: $*" >&2; exit 64; }

flag() { # NAME VALUE: Xvnc takes 1 or 0; anything else is a mistake upstream, not a default.
  case $2 in 1 | 0) echo "$2" ;; *) fail "$1 must be 1 or 0, not '$2'" ;; esac
}

[ -n "${VNC_PASSWORD:-}" ] || fail "VNC_PASSWORD is required"
[ -n "${VNC_VIEW_PASSWORD:-}" ] || fail "VNC_VIEW_PASSWORD is required"
# Xvnc tries the interactive password first: a view-only one equal in its first 8 characters grants input.
[ "${VNC_PASSWORD:0:8}" != "${VNC_VIEW_PASSWORD:0:8}" ] || fail "the view-only password must differ from the interactive one"
port=${VNC_PORT:-6901}
[[ $port =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || fail "VNC_PORT '$port' is not a port"
display=${DESKTOP_DISPLAY:-1}
[[ $display =~ ^[0-9]+$ ]] || fail "DESKTOP_DISPLAY '$display' is not a display number"
send=$(flag VNC_SEND_CUT_TEXT "${VNC_SEND_CUT_TEXT:-1}")
accept=$(flag VNC_ACCEPT_CUT_TEXT "${VNC_ACCEPT_CUT_TEXT:-1}")
geometry=${DESKTOP_GEOMETRY:-1280x800}
[ -d "${HOME:-}" ] && [ -w "$HOME" ] || fail "HOME '${HOME:-}' is not a writable directory"

# The root filesystem is read-only: everything written outside HOME goes under the tmp emptyDir.
work=$(mktemp -d "${TMPDIR:-/tmp}/desktop.XXXXXX")
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$work/runtime}
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
printf '%s\n%s\n' "$VNC_PASSWORD" "$VNC_VIEW_PASSWORD" | vncpasswd -f >"$work/passwd" 2>/dev/null
chmod 600 "$work/passwd"
unset VNC_PASSWORD VNC_VIEW_PASSWORD

listen=()
[ -z "${DESKTOP_LISTEN_ADDRESS:-}" ] || listen=(-interface "$DESKTOP_LISTEN_ADDRESS")

children=()
stop() {
  trap - TERM INT EXIT
  [ ${#children[@]} -eq 0 ] || kill -TERM "${children[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
# As a container's PID 1, bash ignores SIGTERM unless it is trapped.
trap 'stop; exit 143' TERM INT
trap stop EXIT

# Every desktop session reaches Xvnc from the gateway's one address, and Xvnc counts each connection still
# authenticating against that address: past its default threshold (5) it refuses everyone, owner included.
# Only the gateway can reach this port (NetworkPolicy), so the blacklist would only ever lock out our own joins.
Xvnc ":$display" -rfbport "$port" "${listen[@]}" -localhost no -nolisten tcp \
  -SecurityTypes VncAuth -PasswordFile "$work/passwd" -AlwaysShared -BlacklistThreshold=1000000 \
  -SendCutText="$send" -SendPrimary="$send" -AcceptCutText="$accept" -SetPrimary="$accept" \
  -geometry "$geometry" -depth 24 -desktop SkillPod &
xvnc=$!
children+=("$xvnc")

export DISPLAY=:$display
for _ in $(seq 1 100); do
  xdpyinfo >/dev/null 2>&1 && break
  kill -0 "$xvnc" 2>/dev/null || { wait "$xvnc" || exit $?; exit 1; }
  sleep 0.1
done
xdpyinfo >/dev/null 2>&1 || fail "Xvnc on :$display did not come up within 10 s"

cd "$HOME"
openbox &
children+=("$!")
# A terminal mapped while openbox is still starting stays unmapped (an empty screen in most runs): it starts
# once openbox manages the screen, which it announces with EWMH's supporting-WM check on the root window.
for _ in $(seq 1 100); do
  xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && break
  sleep 0.1
done
# A terminal is always there: closing the last one opens a new one instead of leaving an empty screen.
(while kill -0 "$xvnc" 2>/dev/null; do xterm -title Terminal || sleep 1; done) &
children+=("$!")

# The desktop lives as long as its X server: the container (or the runner) restarts it when Xvnc goes.
status=0
wait "$xvnc" || status=$?
exit "$status"
