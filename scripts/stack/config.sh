# Local stack settings. Every value can be overridden from the environment.
# shellcheck shell=bash
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=/dev/null
source "$repo/tools/versions.env"
export SKILLPOD_CACHE=${SKILLPOD_CACHE:-$HOME/.cache/skillpod}
STACK_DIR=${SKILLPOD_STACK_DIR:-$repo/.stack}
BIN=${SKILLPOD_BIN:-$SKILLPOD_CACHE/bin/current}
PG_BIN=${SKILLPOD_PG_BIN:-/usr/lib/postgresql/15/bin}

PG_PORT=${SKILLPOD_PG_PORT:-54329}
REDIS_PORT=${SKILLPOD_REDIS_PORT:-63790}
ETCD_PORT=${SKILLPOD_ETCD_PORT:-23790}
ETCD_PEER_PORT=${SKILLPOD_ETCD_PEER_PORT:-23800}
APISERVER_PORT=${SKILLPOD_APISERVER_PORT:-16443}
KCM_PORT=${SKILLPOD_KCM_PORT:-10357}
SCHEDULER_PORT=${SKILLPOD_SCHEDULER_PORT:-10359}
KWOK_PORT=${SKILLPOD_KWOK_PORT:-10380}
PROVISIONER_PORT=${SKILLPOD_PROVISIONER_PORT:-10390}
DESKTOP_RUNNER_PORT=${SKILLPOD_DESKTOP_RUNNER_PORT:-10391}
TEMPORAL_PORT=${SKILLPOD_TEMPORAL_PORT:-17233}
TEMPORAL_HTTP_PORT=${SKILLPOD_TEMPORAL_HTTP_PORT:-17243}
TEMPORAL_UI_PORT=${SKILLPOD_TEMPORAL_UI_PORT:-18233}
TEMPORAL_METRICS_PORT=${SKILLPOD_TEMPORAL_METRICS_PORT:-17234}
PROMETHEUS_PORT=${SKILLPOD_PROMETHEUS_PORT:-19090}
NODE_COUNT=${SKILLPOD_NODES:-3}
# Real desktops for Running SkillPods (scripts/stack/desktop-runner.sh); off where the Pod range cannot be
# made local (no CAP_NET_ADMIN).
DESKTOPS=${SKILLPOD_DESKTOPS:-on}
case "$DESKTOPS" in
  on | off) ;;
  *) echo "[stack] SKILLPOD_DESKTOPS must be on or off, not '$DESKTOPS'" >&2 && exit 2 ;;
esac
# pprof on the API server, controller-manager and scheduler (/debug/pprof/), to see where their CPU goes.
PROFILING=${SKILLPOD_PROFILING:-false}
case "$PROFILING" in
  true | false) ;;
  *) echo "[stack] SKILLPOD_PROFILING must be true or false, not '$PROFILING'" >&2 && exit 2 ;;
esac

PG_USER=skillpod
PG_PASSWORD=${SKILLPOD_PG_PASSWORD:-skillpod}
# The application connects as a role that owns nothing and may not rewrite the audit trail.
PG_APP_USER=skillpod_app
PG_APP_PASSWORD=${SKILLPOD_PG_APP_PASSWORD:-skillpod_app}
PG_DB=skillpod
PG_TEST_DB=skillpod_test

RUN_DIR=$STACK_DIR/run
LOG_DIR=$STACK_DIR/logs
PKI_DIR=$STACK_DIR/pki
KUBE_DIR=$STACK_DIR/kube
KUBECONFIG_FILE=$STACK_DIR/kubeconfig
SERVICE_CIDR=10.96.0.0/16
# Pod addresses; the desktop runner makes this range local (see desktop-runner.sh).
POD_CIDR=10.244.0.0/16

database_url() { echo "postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/${1:-$PG_DB}"; }
app_database_url() { echo "postgresql://$PG_APP_USER:$PG_APP_PASSWORD@127.0.0.1:$PG_PORT/${1:-$PG_DB}"; }
