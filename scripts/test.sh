#!/usr/bin/env bash
# `npm test`: everything from a fresh clone to a verdict. Installs what is
# missing, starts PostgreSQL and Redis if they are down, then runs lint,
# types, unit, integration, conformance, end-to-end and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_dependencies
bash scripts/ensure-services.sh
ensure_chromium
ensure_c_compiler
prepare_sources

say "lint (ESLint with plane boundaries, Prettier)"
npm run --silent lint

say "typecheck"
npm run --silent typecheck
npm run --silent -w @cellplane/web typecheck

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

say "unit, integration and end-to-end tests (vitest)"
set +e
npx vitest run --reporter=default --reporter=json \
  --outputFile.json="$results/vitest.json"
vitest_status=$?
set -e

say "console in Chromium (Playwright)"
set +e
npm run --silent -w @cellplane/web build >"$results/next-build.log" 2>&1 ||
  { cat "$results/next-build.log"; exit 1; }
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" \
  npx playwright test --reporter=list,json
playwright_status=$?
set -e

node scripts/test-summary.mjs "$results/vitest.json" "$results/playwright.json"

[ "$vitest_status" -eq 0 ] && [ "$playwright_status" -eq 0 ]
