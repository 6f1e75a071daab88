# Prometheus (Debian's /usr/bin/prometheus) scraping every part of the local stack that exports metrics and
# the platform processes `make dev` starts, with SkillPod's alert and recording rules loaded. Its job names
# are the Helm chart's (skillpod-<component>), so the rules and the dashboards in charts/skillpod/ work here
# unchanged. A component that is not running is a target that is down, not an error.
# shellcheck shell=bash

PROMETHEUS_BIN=${SKILLPOD_PROMETHEUS_BIN:-/usr/bin/prometheus}
PROMETHEUS_DIR=$STACK_DIR/prometheus
PROMETHEUS_RULES=$repo/charts/skillpod/files/prometheus/skillpod.rules.yaml

# static_job NAME TARGET [NAMESPACE]: a plain-HTTP job; SkillPod's own are labelled with a namespace, as a
# Kubernetes install's would be, which the dashboards' namespace variable offers.
static_job() {
  printf '  - job_name: %s\n    static_configs:\n      - targets: ["%s"]\n' "$1" "$2"
  if [ -n "${3:-}" ]; then printf '        labels: { namespace: %s }\n' "$3"; fi
}

# secure_job NAME TARGET: a control-plane component's secure port, as the stack's admin (system:masters).
# The API server's serving certificate is the stack CA's; the controller-manager and the scheduler serve
# self-signed ones, so only the API server's is verified.
secure_job() {
  local verify=true
  [ "$1" = kube-apiserver ] || verify=false
  cat <<JOB
  - job_name: $1
    scheme: https
    tls_config:
      ca_file: $PKI_DIR/ca.crt
      cert_file: $PKI_DIR/admin.crt
      key_file: $PKI_DIR/admin.key
      insecure_skip_verify: $([ "$verify" = true ] && echo false || echo true)
    static_configs:
      - targets: ["$2"]
JOB
}

# The configuration for the ports in force: the platform's come from the same variables as scripts/dev.sh.
prometheus_config() {
  cat <<CONFIG
global:
  scrape_interval: ${SKILLPOD_PROMETHEUS_SCRAPE_INTERVAL:-5s}
  evaluation_interval: ${SKILLPOD_PROMETHEUS_SCRAPE_INTERVAL:-5s}
  external_labels: { cluster: skillpod-local }
CONFIG
  if [ -f "$PROMETHEUS_RULES" ]; then printf 'rule_files:\n  - %s\n' "$PROMETHEUS_RULES"; fi
  echo "scrape_configs:"
  static_job prometheus "127.0.0.1:$PROMETHEUS_PORT"
  secure_job kube-apiserver "127.0.0.1:$APISERVER_PORT"
  secure_job kube-controller-manager "127.0.0.1:$KCM_PORT"
  secure_job kube-scheduler "127.0.0.1:$SCHEDULER_PORT"
  static_job etcd "127.0.0.1:$ETCD_PORT"
  static_job kwok "127.0.0.1:$KWOK_PORT"
  # Temporal's metrics carry their own `namespace` (Temporal's), so this job adds none.
  static_job temporal "127.0.0.1:$TEMPORAL_METRICS_PORT"
  static_job skillpod-operator "127.0.0.1:8081" skillpod-local
  static_job skillpod-control-plane "127.0.0.1:${SKILLPOD_API_PORT:-3000}" skillpod-local
  static_job skillpod-gateway "127.0.0.1:${SKILLPOD_GATEWAY_PORT:-8082}" skillpod-local
  static_job skillpod-workers "127.0.0.1:${SKILLPOD_WORKERS_PORT:-9464}" skillpod-local
}

# Writes the configuration; starts Prometheus, or has the running one reload it (SIGHUP).
prometheus_up() {
  [ -x "$PROMETHEUS_BIN" ] || fail prometheus "cannot start: $PROMETHEUS_BIN not found (scripts/install-deps.sh installs Debian's prometheus)"
  mkdir -p "$PROMETHEUS_DIR/data" "$LOG_DIR" "$RUN_DIR"
  prometheus_config >"$PROMETHEUS_DIR/prometheus.yml.new"
  "${PROMETHEUS_BIN%prometheus}promtool" check config "$PROMETHEUS_DIR/prometheus.yml.new" >"$LOG_DIR/prometheus-config.log" 2>&1 ||
    fail prometheus-config "the generated configuration is invalid"
  mv "$PROMETHEUS_DIR/prometheus.yml.new" "$PROMETHEUS_DIR/prometheus.yml"
  if is_running prometheus; then
    kill -HUP "$(pid_of prometheus)"
    return 0
  fi
  spawn prometheus "$PROMETHEUS_PORT" "$PROMETHEUS_BIN" --config.file="$PROMETHEUS_DIR/prometheus.yml" \
    --storage.tsdb.path="$PROMETHEUS_DIR/data" --storage.tsdb.retention.time=7d \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --web.enable-lifecycle --log.level=warn
  await prometheus 60 prometheus_status
}

prometheus_status() { curl -fsS "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" >/dev/null; }
