# The desktop runner (packages/desktop-runner): kwok runs no containers, so for every Running workspace Pod
# it runs that SkillPod's desktop for real (images/desktop/start-desktop.sh), listening on the Pod's address.
# shellcheck shell=bash

desktops_enabled() { [ "$DESKTOPS" != off ]; }

desktop_runner_up() {
  desktops_enabled || { say "desktop runner off (SKILLPOD_DESKTOPS=off)"; return 0; }
  local b
  for b in Xvnc vncpasswd openbox xterm xdpyinfo; do
    command -v "$b" >/dev/null || fail desktop-runner "cannot start: $b not found (run scripts/install-deps.sh)"
  done
  pod_addresses_up
  mkdir -p "$STACK_DIR/desktops"
  spawn desktop-runner "$DESKTOP_RUNNER_PORT" env KUBECONFIG="$KUBECONFIG_FILE" \
    DESKTOP_RUNNER_STATE_DIR="$STACK_DIR/desktops" DESKTOP_RUNNER_PORT="$DESKTOP_RUNNER_PORT" \
    "$repo/node_modules/.bin/tsx" "$repo/packages/desktop-runner/src/main.ts"
  await desktop-runner 60 desktop_runner_status
}

desktop_runner_status() {
  desktops_enabled || return 0
  pod_addresses_local && curl -fsS "http://127.0.0.1:$DESKTOP_RUNNER_PORT/healthz" >/dev/null
}

# kwok hands out Pod addresses from $POD_CIDR. A desktop must listen on its Pod's address so that the
# gateway reaches it from the EndpointSlice exactly as in a cluster; the API server refuses loopback
# (127.0.0.0/8) addresses in EndpointSlices, so the range stays 10.244.0.0/16 and the kernel is told that
# all of it is this machine, as 127.0.0.0/8 is. Needs CAP_NET_ADMIN once; the route is harmless and stays
# after `stack-down` (nothing else uses the range).
pod_addresses_local() {
  local routes
  # Not a pipe into grep -q: under pipefail, ip's SIGPIPE when grep stops early would read as "no route".
  routes=$(ip route show table local 2>/dev/null) || return 1
  grep -q "^local $POD_CIDR dev lo" <<<"$routes"
}

pod_addresses_up() {
  pod_addresses_local && return 0
  if ip route add local "$POD_CIDR" dev lo 2>/dev/null || sudo -n ip route add local "$POD_CIDR" dev lo 2>/dev/null; then
    say "routed Pod addresses $POD_CIDR to this machine (local route on lo)"
    return 0
  fi
  fail desktop-runner "cannot make Pod addresses $POD_CIDR local: run 'sudo ip route add local $POD_CIDR dev lo' once, or start the stack with SKILLPOD_DESKTOPS=off (no desktops)"
}
