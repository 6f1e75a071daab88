#!/usr/bin/env bash
# make dev: bring up the local stack, apply migrations, and print where everything is.
# Later components (control plane, workers, operator, portal) start from here as they land.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
scripts/stack.sh up
# shellcheck source=/dev/null
source <(scripts/stack.sh env)
echo "[dev] applying migrations to the app database"
control-plane/scripts/prisma.sh migrate deploy >/dev/null
source scripts/stack/config.sh
source scripts/stack/process.sh

echo "[dev] installing the SkillPod CRDs and demo data"
kubectl apply --server-side -f crds/ >/dev/null
kubectl wait --for=condition=Established crd/skillpods.skillpod.dev crd/skillpodclasses.skillpod.dev >/dev/null
kubectl apply -f deploy/demo/demo.yaml >/dev/null
# The operator runs out of cluster against the stack; `make stack-down` stops it with the rest.
spawn operator 8081 env KUBECONFIG="$KUBECONFIG_FILE" OPERATOR_LEADER_ELECTION=false OPERATOR_METRICS_HOST=127.0.0.1 \
  OPERATOR_METRICS_PORT=8081 "$here/node_modules/.bin/tsx" "$here/operator/src/main.ts"
await operator 60 curl -fsS http://127.0.0.1:8081/readyz
kubectl -n tenant-acme wait skillpod/ada-website-redesign --for=jsonpath='{.status.phase}'=Running --timeout=120s >/dev/null ||
  echo "[dev] the demo SkillPod is not Running yet: kubectl -n tenant-acme describe spod ada-website-redesign"
cat <<INFO

SkillPod local platform is up.

  Kubernetes API     https://127.0.0.1:$APISERVER_PORT   (KUBECONFIG=$KUBECONFIG_FILE; $NODE_COUNT kwok nodes)
  PostgreSQL         127.0.0.1:$PG_PORT   databases $PG_DB, $PG_TEST_DB (user $PG_USER)
  Redis              127.0.0.1:$REDIS_PORT
  Temporal           127.0.0.1:$TEMPORAL_PORT   Web UI http://127.0.0.1:$TEMPORAL_UI_PORT
  SkillPod operator  metrics http://127.0.0.1:8081/metrics   log $LOG_DIR/operator.log
  Demo SkillPod      kubectl -n tenant-acme get spod   (class standard-desktop)
  Logs               $LOG_DIR

  Portal and demo logins: not yet built (the portal and control-plane issues add them).

  Use it from a shell:   eval "\$(make -s stack-env)" && kubectl get nodes -o wide
  Status / stop:         make stack-status   /   make stack-down
INFO
