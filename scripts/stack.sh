#!/usr/bin/env bash
# The local stack: real PostgreSQL, Redis, Kubernetes control plane (+kwok nodes) and Temporal on loopback.
#   scripts/stack.sh up|down|status|env
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for f in config process postgres redis etcd pki kube provisioner desktop-runner temporal prometheus; do
  # shellcheck source=/dev/null
  source "$here/stack/$f.sh"
done

# name | port | log | health check, in start order (postgres is managed by pg_ctl).
parts=(postgres redis etcd kube-apiserver kube-controller-manager kube-scheduler kwok local-path-provisioner desktop-runner temporal
  prometheus)

status_check() {
  case $1 in
    postgres) postgres_status ;;
    redis) redis_status ;;
    etcd) etcd_status ;;
    kube-apiserver) apiserver_status ;;
    kube-controller-manager) secure_healthz "$KCM_PORT" ;;
    kube-scheduler) secure_healthz "$SCHEDULER_PORT" ;;
    kwok) kwok_status ;;
    local-path-provisioner) provisioner_status ;;
    desktop-runner) desktop_runner_status ;;
    temporal) temporal_status ;;
    prometheus) prometheus_status ;;
  esac
}

port_of() {
  case $1 in
    postgres) echo "$PG_PORT" ;; redis) echo "$REDIS_PORT" ;; etcd) echo "$ETCD_PORT" ;;
    kube-apiserver) echo "$APISERVER_PORT" ;; kube-controller-manager) echo "$KCM_PORT" ;;
    kube-scheduler) echo "$SCHEDULER_PORT" ;; kwok) echo "$KWOK_PORT" ;;
    local-path-provisioner) echo "$PROVISIONER_PORT" ;; desktop-runner) echo "$DESKTOP_RUNNER_PORT" ;;
    temporal) echo "$TEMPORAL_PORT (UI $TEMPORAL_UI_PORT)" ;; prometheus) echo "$PROMETHEUS_PORT" ;;
  esac
}

check_binaries() {
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok temporal; do
    [ -x "$BIN/$b" ] || { say "missing $BIN/$b: run scripts/build-binaries.sh (or make deps)"; exit 1; }
  done
}

cmd_up() {
  check_binaries
  local start=$SECONDS
  mkdir -p "$STACK_DIR" "$RUN_DIR" "$LOG_DIR" "$KUBE_DIR"
  postgres_up
  redis_up
  etcd_up
  pki_up
  kubeconfigs_up
  apiserver_up
  controller_manager_up
  scheduler_up
  kwok_up
  nodes_up
  provisioner_up
  desktop_runner_up
  temporal_up
  prometheus_up
  say "ready in $((SECONDS - start))s"
  cmd_env >"$STACK_DIR/env"
  say "environment: eval \"\$(make -s stack-env)\"  (also written to $STACK_DIR/env)"
}

cmd_down() {
  local i
  # Components that `make dev` started (the operator, later the API and workers) stop first.
  for f in "$RUN_DIR"/*.pid; do
    [ -e "$f" ] || continue
    local name
    name=$(basename "$f" .pid)
    [[ " ${parts[*]} " == *" $name "* ]] || halt "$name"
  done
  for ((i = ${#parts[@]} - 1; i >= 0; i--)); do
    if [ "${parts[$i]}" = postgres ]; then postgres_down; else halt "${parts[$i]}"; fi
  done
  local left
  left=$(pgrep -af -- "$STACK_DIR" | grep -v -e "pgrep" -e "stack.sh" || true)
  if [ -n "$left" ]; then
    say "processes still running under $STACK_DIR:"
    echo "$left" >&2
    exit 1
  fi
  say "stack stopped"
}

cmd_status() {
  local bad=0 p state
  printf '%-24s %-8s %-22s %s\n' PART STATE PORT LOG
  for p in "${parts[@]}"; do
    if status_check "$p" >/dev/null 2>&1; then state=healthy; else state=down; bad=1; fi
    printf '%-24s %-8s %-22s %s\n' "$p" "$state" "$(port_of "$p")" "$LOG_DIR/$p.log"
  done
  return $bad
}

cmd_env() {
  cat <<ENV
export KUBECONFIG=$KUBECONFIG_FILE
export DATABASE_URL=$(database_url)
export TEST_DATABASE_URL=$(database_url "$PG_TEST_DB")
export APP_DATABASE_URL=$(app_database_url)
export TEST_APP_DATABASE_URL=$(app_database_url "$PG_TEST_DB")
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT
export TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_PORT
export TEMPORAL_NAMESPACE=default
export SKILLPOD_BIN=$BIN
export PATH=$BIN:\$PATH
ENV
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
