#!/usr/bin/env bash
# Runs the Prisma CLI for the control plane fully offline: the JavaScript schema engine and the query
# compiler come from npm, so nothing may be downloaded. Prisma only checks that these two engine paths
# exist; pointing them at this script stops it from fetching native engines. Usage:
#   control-plane/scripts/prisma.sh generate
#   DATABASE_URL=postgresql://... control-plane/scripts/prisma.sh migrate deploy
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
export PRISMA_QUERY_ENGINE_LIBRARY="$here/prisma.sh"
export PRISMA_SCHEMA_ENGINE_BINARY="$here/prisma.sh"
export PRISMA_HIDE_UPDATE_MESSAGE=1
export CHECKPOINT_DISABLE=1
export PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING=1
exec npx --no-install prisma "$@"
