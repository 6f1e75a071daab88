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
cat <<INFO

SkillPod local platform is up.

  Kubernetes API     https://127.0.0.1:$APISERVER_PORT   (KUBECONFIG=$KUBECONFIG_FILE; $NODE_COUNT kwok nodes)
  PostgreSQL         127.0.0.1:$PG_PORT   databases $PG_DB, $PG_TEST_DB (user $PG_USER)
  Redis              127.0.0.1:$REDIS_PORT
  Temporal           127.0.0.1:$TEMPORAL_PORT   Web UI http://127.0.0.1:$TEMPORAL_UI_PORT
  Logs               $LOG_DIR

  Portal and demo logins: not yet built (the portal and control-plane issues add them).

  Use it from a shell:   eval "\$(make -s stack-env)" && kubectl get nodes -o wide
  Status / stop:         make stack-status   /   make stack-down
INFO
