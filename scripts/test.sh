#!/usr/bin/env bash
# make test: start the stack, apply migrations to the test database, run every test, stop the stack
# (also when a test fails). Leaves a stack that was already running up.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
results=.stack/test-results.json

was_running=false
scripts/stack.sh status >/dev/null 2>&1 && was_running=true
stop_stack() {
  local code=$?
  if [ "$was_running" = false ] && [ "${SKILLPOD_KEEP_STACK:-}" != 1 ]; then scripts/stack.sh down || code=1; fi
  exit $code
}
trap stop_stack EXIT

scripts/stack.sh up
# shellcheck source=/dev/null
source <(scripts/stack.sh env)

echo "[test] checking that the Prisma schema and migrations agree"
# The adapter makes (and drops) its own shadow database through DATABASE_URL; the stack's role may CREATEDB.
DATABASE_URL=$TEST_DATABASE_URL control-plane/scripts/prisma.sh migrate diff --from-migrations prisma/migrations \
  --to-schema-datamodel prisma/schema.prisma --script --exit-code >/dev/null ||
  { echo "[test] FAILED: control-plane/prisma/schema.prisma differs from its migrations (run: prisma migrate dev)"; exit 1; }
echo "[test] applying migrations to the test database"
DATABASE_URL=$TEST_DATABASE_URL control-plane/scripts/prisma.sh migrate deploy >/dev/null
# Workers tests create SkillPods without going through the operator's test harness, which installs these.
echo "[test] installing the SkillPod CRDs"
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
kubectl wait --for=condition=Established crd/skillpods.skillpod.dev crd/skillpodclasses.skillpod.dev >/dev/null

# Two runs: vitest starts every selected project's global setup when the run begins, and the portal's (a
# whole platform, with an operator watching every namespace) must not run beside the other tests.
status=0
portal_results=.stack/test-results-portal.json
if [ $# -gt 0 ]; then
  npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
  rm -f "$portal_results"
else
  npx vitest run --reporter=default --reporter=json \
    --outputFile.json="$results" || status=$?
  echo "[test] the portal in Chromium on a platform of real processes"
  npx vitest run --project portal --reporter=default --reporter=json --outputFile.json="$portal_results" || status=$?
fi
node -e '
  const fs = require("node:fs");
  const runs = process.argv.slice(1).filter((f) => fs.existsSync(f)).map((f) => require(f));
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  console.log(`${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests") + sum("numTodoTests")} skipped`);
' "$here/$results" "$here/$portal_results" || true
exit $status
