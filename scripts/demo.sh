#!/usr/bin/env bash
# `npm run demo`: from a fresh clone to live, cell-routed traffic. Installs
# what is missing, starts PostgreSQL and Redis if they are down, migrates and
# seeds the control plane, then hands over to scripts/demo/main.ts, which
# starts every app, drives real load through the gateway and prints a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_dependencies
bash scripts/ensure-services.sh
prepare_sources

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/cellplane}"

say "migrating the control-plane database"
npm run --silent db:migrate

say "seeding the case-study topology (3 regions, 6 cells, 10,000 tenants)"
npm run --silent db:seed

if [ ! -f apps/web/.next/BUILD_ID ] ||
  [ -n "$(find apps/web packages/contract -newer apps/web/.next/BUILD_ID \
    -name '*.ts*' -not -path '*/node_modules/*' -not -path '*/.next/*' \
    -print -quit)" ]; then
  say "building the console (next build)"
  npm run --silent -w @cellplane/web build >/dev/null
fi

say "building the gateway (npm run build -w @cellplane/gateway)"
npm run --silent build -w @cellplane/gateway

exec npx tsx scripts/demo/main.ts "$@"
