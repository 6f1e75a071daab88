#!/usr/bin/env bash
# make bench: run every bench/*.bench.ts against the local stack, then write BENCHMARKS.md.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
was_running=false
scripts/stack.sh status >/dev/null 2>&1 && was_running=true
trap '[ "$was_running" = true ] || scripts/stack.sh down' EXIT
SKILLPOD_NODE_PODS=${SKILLPOD_NODE_PODS:-500} scripts/stack.sh up
# shellcheck source=/dev/null
source <(scripts/stack.sh env)
# The API and workflows benches write to the test database, so it needs the current schema.
DATABASE_URL=$TEST_DATABASE_URL control-plane/scripts/prisma.sh migrate deploy >/dev/null
kubectl apply --server-side --force-conflicts -f crds/ >/dev/null
mkdir -p bench/results
for b in bench/*.bench.ts; do
  echo "[bench] running $b"
  npx tsx "$b"
done
npx tsx bench/report.ts
npx prettier --write BENCHMARKS.md >/dev/null
