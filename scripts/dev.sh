#!/usr/bin/env bash
# make dev: bring up the local stack, apply migrations, and print where everything is.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
scripts/stack.sh up
# shellcheck source=/dev/null
source <(scripts/stack.sh env)
echo "[dev] applying migrations to the app database"
control-plane/scripts/prisma.sh migrate deploy >/dev/null
# The demo logins and a marketplace around them, written as the database owner (the register route is rate
# limited, so seeding through it failed right after the tests). Idempotent; any failure stops make dev.
echo "[dev] seeding the demo logins and the marketplace"
"$here/node_modules/.bin/tsx" "$here/control-plane/scripts/seed-demo.ts" --database-url "$DATABASE_URL"
demo_password=skillpod-demo-2026
marketplace=$(psql -Atq "$DATABASE_URL" -c "SELECT (SELECT count(*) FROM jobs WHERE state = 'OPEN') || ' open jobs, ' ||
  (SELECT count(*) FROM freelancer_profiles) || ' freelancers'")
source scripts/stack/config.sh
source scripts/stack/process.sh

echo "[dev] installing the SkillPod CRDs and demo data"
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
kubectl wait --for=condition=Established crd/skillpods.skillpod.dev crd/skillpodclasses.skillpod.dev >/dev/null
kubectl apply -f deploy/demo/demo.yaml >/dev/null
# The operator runs out of cluster against the stack; `make stack-down` stops it with the rest.
spawn operator 8081 env KUBECONFIG="$KUBECONFIG_FILE" OPERATOR_LEADER_ELECTION=false OPERATOR_METRICS_HOST=127.0.0.1 \
  OPERATOR_METRICS_PORT=8081 "$here/node_modules/.bin/tsx" "$here/operator/src/main.ts"
await operator 60 curl -fsS http://127.0.0.1:8081/readyz
# Development secrets, made once per stack so MFA secrets stay decryptable across restarts.
secrets="$STACK_DIR/dev-secrets.env"
if [ ! -f "$secrets" ]; then
  umask 077
  { echo "MFA_ENCRYPTION_KEY=$(openssl rand -base64 32)"; echo "INTERNAL_API_TOKEN=$(openssl rand -hex 32)"; } >"$secrets"
fi
# shellcheck source=/dev/null
source "$secrets"
api_port=${SKILLPOD_API_PORT:-3000}
# The session gateway: the control plane's other process. Its tickets' URL is handed out by the API, so the
# API learns where the gateway listens; the gateway serves the desktop viewer at /viewer/.
gateway_port=${SKILLPOD_GATEWAY_PORT:-8082}
spawn control-plane "$api_port" env APP_DATABASE_URL="$APP_DATABASE_URL" REDIS_URL="$REDIS_URL" \
  TEMPORAL_ADDRESS="$TEMPORAL_ADDRESS" KUBECONFIG="$KUBECONFIG_FILE" MFA_ENCRYPTION_KEY="$MFA_ENCRYPTION_KEY" \
  INTERNAL_API_TOKEN="$INTERNAL_API_TOKEN" COOKIE_SECURE=false HOST=127.0.0.1 PORT="$api_port" TRUSTED_PROXIES=127.0.0.1 \
  PUBLIC_URL="http://127.0.0.1:$api_port" GATEWAY_PUBLIC_URL="ws://127.0.0.1:$gateway_port/v1/desktop" \
  "$here/node_modules/.bin/tsx" "$here/control-plane/src/main.ts"
await control-plane 90 curl -fsS "http://127.0.0.1:$api_port/readyz"
spawn gateway "$gateway_port" env APP_DATABASE_URL="$APP_DATABASE_URL" REDIS_URL="$REDIS_URL" \
  KUBECONFIG="$KUBECONFIG_FILE" GATEWAY_HOST=127.0.0.1 GATEWAY_PORT="$gateway_port" \
  "$here/node_modules/.bin/tsx" "$here/control-plane/src/gateway-main.ts"
await gateway 60 curl -fsS "http://127.0.0.1:$gateway_port/readyz"

# Money and contracts: a mail sink for notification emails, the payment sandbox (the default payout
# provider), and the Temporal workers for every task queue plus the BullMQ consumers.
mail_port=${SKILLPOD_MAIL_PORT:-2525}
sandbox_port=${SKILLPOD_PAYMENT_SANDBOX_PORT:-12480}
workers_port=${SKILLPOD_WORKERS_PORT:-9464}
spawn mail-sink "$mail_port" "$here/node_modules/.bin/tsx" "$here/workers/scripts/dev-mail-sink.ts" "$mail_port" "$STACK_DIR/mail"
spawn payment-sandbox "$sandbox_port" env PAYMENT_SANDBOX_DATABASE_URL="$DATABASE_URL" PAYMENT_SANDBOX_PORT="$sandbox_port" \
  "$here/node_modules/.bin/tsx" "$here/packages/payment-sandbox/src/main.ts"
await payment-sandbox 60 curl -fsS "http://127.0.0.1:$sandbox_port/healthz"
spawn workers "$workers_port" env DATABASE_URL="$APP_DATABASE_URL" REDIS_URL="$REDIS_URL" TEMPORAL_ADDRESS="$TEMPORAL_ADDRESS" \
  KUBECONFIG="$KUBECONFIG_FILE" PAYMENT_SANDBOX_URL="http://127.0.0.1:$sandbox_port" SMTP_URL="smtp://127.0.0.1:$mail_port" \
  AUDIT_EXPORT_DIR="$STACK_DIR/audit-exports" WORKERS_HTTP_HOST=127.0.0.1 WORKERS_HTTP_PORT="$workers_port" \
  USAGE_INTERVAL_SECONDS=300 "$here/node_modules/.bin/tsx" "$here/workers/src/main.ts"
await workers 120 curl -fsS "http://127.0.0.1:$workers_port/readyz"
echo "[dev] starting the demo contract (Acme ↔ Ada, milestone 1 funded: its SkillPod is provisioned)"
"$here/node_modules/.bin/tsx" "$here/workers/scripts/demo-contract.ts" "$APP_DATABASE_URL" "$TEMPORAL_ADDRESS" ||
  echo "[dev] the demo contract did not start: see $LOG_DIR/workers.log"

# The portal: the production build (next build, about a minute), served by its standalone server. Its server
# is the API's only browser-facing client and forwards each browser's address (TRUSTED_PROXIES above).
portal_port=${SKILLPOD_PORTAL_PORT:-3100}
if ! is_running portal; then
  echo "[dev] building the portal (npm run build -w portal; log $LOG_DIR/portal-build.log)"
  NEXT_TELEMETRY_DISABLED=1 npm run -s build -w portal >"$LOG_DIR/portal-build.log" 2>&1 ||
    { echo "[dev] the portal did not build: see $LOG_DIR/portal-build.log"; exit 1; }
fi
# The image's entry point: the standalone server.js (images/portal/Dockerfile).
spawn portal "$portal_port" env SKILLPOD_API_URL="http://127.0.0.1:$api_port" COOKIE_SECURE=false \
  NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production PORT="$portal_port" HOSTNAME=127.0.0.1 \
  node "$here/portal/.next/standalone/portal/server.js"
await portal 60 curl -fsS "http://127.0.0.1:$portal_port/sign-in"

kubectl -n tenant-acme wait skillpod/ada-website-redesign --for=jsonpath='{.status.phase}'=Running --timeout=120s >/dev/null ||
  echo "[dev] the demo SkillPod is not Running yet: kubectl -n tenant-acme describe spod ada-website-redesign"
cat <<INFO

SkillPod local platform is up.

  Portal             http://127.0.0.1:$portal_port   log $LOG_DIR/portal.log
                     sign in as ada@demo.skillpod.dev (freelancer) or client@demo.skillpod.dev (client),
                     admin@demo.skillpod.dev or auditor@demo.skillpod.dev, password $demo_password
  Prometheus         http://127.0.0.1:$PROMETHEUS_PORT   scrapes the stack and every process above, SkillPod's rules loaded
                     (alerts: http://127.0.0.1:$PROMETHEUS_PORT/alerts; dashboards to import: charts/skillpod/dashboards/)

  Kubernetes API     https://127.0.0.1:$APISERVER_PORT   (KUBECONFIG=$KUBECONFIG_FILE; $NODE_COUNT kwok nodes)
  PostgreSQL         127.0.0.1:$PG_PORT   databases $PG_DB, $PG_TEST_DB (user $PG_USER)
  Redis              127.0.0.1:$REDIS_PORT
  Temporal           127.0.0.1:$TEMPORAL_PORT   Web UI http://127.0.0.1:$TEMPORAL_UI_PORT
  SkillPod operator  metrics http://127.0.0.1:8081/metrics   log $LOG_DIR/operator.log
  Demo SkillPod      kubectl -n tenant-acme get spod   (class standard-desktop)
  Logs               $LOG_DIR

  Control plane API  http://127.0.0.1:$api_port   docs http://127.0.0.1:$api_port/docs   log $LOG_DIR/control-plane.log
  Demo logins        password $demo_password:
                     ada@demo.skillpod.dev (freelancer), client@demo.skillpod.dev (client),
                     admin@demo.skillpod.dev (admin), auditor@demo.skillpod.dev (auditor);
                     the seeded marketplace's accounts (*@seed.skillpod.dev) take the same password
  Marketplace        $marketplace   (ada's profile: http://127.0.0.1:$api_port/v1/freelancers/ada)
                     e.g. http://127.0.0.1:$api_port/v1/search/jobs?q=kubernetes
  Workers            metrics http://127.0.0.1:$workers_port/metrics   log $LOG_DIR/workers.log
  Payment sandbox    http://127.0.0.1:$sandbox_port/v1/payouts   (faults: POST /v1/faults)
  Mail               smtp://127.0.0.1:$mail_port, messages in $STACK_DIR/mail/*.eml
  Demo contract      contract-demo-acme-ada in the Temporal UI; its milestone-1 SkillPod in tenant-acme
  Session gateway    ws://127.0.0.1:$gateway_port/v1/desktop   metrics http://127.0.0.1:$gateway_port/metrics   log $LOG_DIR/gateway.log
  Demo desktop       Ada's milestone-1 SkillPod, in Chromium through the viewer (a ticket works once, for 20 s):
                       api=http://127.0.0.1:$api_port
                       token=\$(curl -fsS \$api/v1/auth/login -H 'content-type: application/json' \\
                         -d '{"email":"ada@demo.skillpod.dev","password":"$demo_password"}' | jq -r .accessToken)
                       ws=\$(curl -fsS \$api/v1/workspaces -H "authorization: Bearer \$token" | jq -r '.items[0] | .namespace + "/" + .name')
                       ticket=\$(curl -fsS -X POST \$api/v1/workspaces/\$ws/desktop-sessions -H "authorization: Bearer \$token" | jq -r .ticket)
                       echo "http://127.0.0.1:$gateway_port/viewer/#ticket=\$ticket&mode=interactive&skillpod=\$ws"
                     open the printed URL; as client@demo.skillpod.dev the same steps give a watch ticket (mode=watch)

  Use it from a shell:   eval "\$(make -s stack-env)" && kubectl get nodes -o wide
  Status / stop:         make stack-status   /   make stack-down
INFO
